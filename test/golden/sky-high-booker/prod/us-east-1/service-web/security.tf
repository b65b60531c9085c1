########################################
# Security group of the tasks
# https://docs.aws.amazon.com/AmazonECS/latest/developerguide/task-networking-awsvpc.html
########################################
resource "aws_security_group" "this" {
  name        = "sky-high-booker-prod-web"
  description = "Tasks of service web"
  vpc_id      = var.vpc_id

  tags = {
    Name = "sky-high-booker-prod-web"
  }
}

resource "aws_vpc_security_group_ingress_rule" "from_alb_public" {
  security_group_id            = aws_security_group.this.id
  description                  = "HTTP from the public load balancer"
  referenced_security_group_id = var.alb_public_security_group_id
  ip_protocol                  = "tcp"
  from_port                    = 80
  to_port                      = 80
}

resource "aws_vpc_security_group_egress_rule" "alb_public_to_tasks" {
  security_group_id            = var.alb_public_security_group_id
  description                  = "To the tasks of web"
  referenced_security_group_id = aws_security_group.this.id
  ip_protocol                  = "tcp"
  from_port                    = 80
  to_port                      = 80
}

resource "aws_vpc_security_group_egress_rule" "internet" {
  security_group_id = aws_security_group.this.id
  description       = "Anywhere"
  cidr_ipv4         = "0.0.0.0/0"
  ip_protocol       = "-1"
}
