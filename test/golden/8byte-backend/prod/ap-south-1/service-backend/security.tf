########################################
# Security group of the tasks
# https://docs.aws.amazon.com/AmazonECS/latest/developerguide/task-networking-awsvpc.html
########################################
resource "aws_security_group" "this" {
  name        = "prop-prod-backend"
  description = "Tasks of service backend"
  vpc_id      = var.vpc_id

  tags = {
    Name = "prop-prod-backend"
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
  description                  = "To the tasks of backend"
  referenced_security_group_id = aws_security_group.this.id
  ip_protocol                  = "tcp"
  from_port                    = 80
  to_port                      = 80
}

# VPC-only egress: other services, load balancers and interface endpoints inside the VPC.
resource "aws_vpc_security_group_egress_rule" "vpc" {
  security_group_id = aws_security_group.this.id
  description       = "TCP inside the VPC"
  cidr_ipv4         = var.vpc_cidr_block
  ip_protocol       = "tcp"
  from_port         = 0
  to_port           = 65535
}

# ECR serves image layers from S3, reached through the S3 gateway endpoint's prefix list.
resource "aws_vpc_security_group_egress_rule" "s3" {
  security_group_id = aws_security_group.this.id
  description       = "HTTPS to S3"
  prefix_list_id    = var.s3_prefix_list_id
  ip_protocol       = "tcp"
  from_port         = 443
  to_port           = 443
}

########################################
# Databases this service uses
########################################
resource "aws_vpc_security_group_ingress_rule" "database_main_from_tasks" {
  security_group_id            = var.database_main_security_group_id
  description                  = "5432 from backend"
  referenced_security_group_id = aws_security_group.this.id
  ip_protocol                  = "tcp"
  from_port                    = 5432
  to_port                      = 5432
}
