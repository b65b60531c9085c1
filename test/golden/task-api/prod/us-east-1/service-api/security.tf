########################################
# Security group of the tasks
# https://docs.aws.amazon.com/AmazonECS/latest/developerguide/task-networking-awsvpc.html
########################################
resource "aws_security_group" "this" {
  name        = "task-api-prod-api"
  description = "Tasks of service api"
  vpc_id      = var.vpc_id

  tags = {
    Name = "task-api-prod-api"
  }
}

resource "aws_vpc_security_group_ingress_rule" "from_alb_public" {
  security_group_id            = aws_security_group.this.id
  description                  = "HTTP from the public load balancer"
  referenced_security_group_id = var.alb_public_security_group_id
  ip_protocol                  = "tcp"
  from_port                    = 8080
  to_port                      = 8080
}

resource "aws_vpc_security_group_egress_rule" "alb_public_to_tasks" {
  security_group_id            = var.alb_public_security_group_id
  description                  = "To the tasks of api"
  referenced_security_group_id = aws_security_group.this.id
  ip_protocol                  = "tcp"
  from_port                    = 8080
  to_port                      = 8080
}

resource "aws_vpc_security_group_egress_rule" "internet" {
  security_group_id = aws_security_group.this.id
  description       = "Anywhere"
  cidr_ipv4         = "0.0.0.0/0"
  ip_protocol       = "-1"
}

########################################
# Databases this service uses
########################################
resource "aws_vpc_security_group_ingress_rule" "database_main_from_tasks" {
  security_group_id            = var.database_main_security_group_id
  description                  = "5432 from api"
  referenced_security_group_id = aws_security_group.this.id
  ip_protocol                  = "tcp"
  from_port                    = 5432
  to_port                      = 5432
}
