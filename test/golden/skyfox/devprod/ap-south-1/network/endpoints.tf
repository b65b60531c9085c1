########################################
# VPC endpoints
# https://docs.aws.amazon.com/vpc/latest/privatelink/gateway-endpoints.html
########################################
# S3 gateway endpoint: free, and the path ECR image layers take from private subnets.
resource "aws_vpc_endpoint" "s3" {
  vpc_id            = aws_vpc.this.id
  service_name      = "com.amazonaws.ap-south-1.s3"
  vpc_endpoint_type = "Gateway"
  route_table_ids   = values(aws_route_table.private)[*].id

  tags = {
    Name = "skyfox-devprod-s3"
  }
}

# EC2 instances in private subnets cannot reach the internet (no NAT or VPC-only egress), so image
# pulls, logs and the ECS agent go through these endpoints.
resource "aws_security_group" "endpoints" {
  name        = "skyfox-devprod-endpoints"
  description = "HTTPS from inside the VPC to the interface endpoints"
  vpc_id      = aws_vpc.this.id

  tags = {
    Name = "skyfox-devprod-endpoints"
  }
}

resource "aws_vpc_security_group_ingress_rule" "endpoints_https" {
  security_group_id = aws_security_group.endpoints.id
  description       = "HTTPS from the VPC"
  cidr_ipv4         = aws_vpc.this.cidr_block
  ip_protocol       = "tcp"
  from_port         = 443
  to_port           = 443
}

resource "aws_vpc_endpoint" "interface" {
  for_each = toset([
    "ec2messages",
    "ecr.api",
    "ecr.dkr",
    "ecs",
    "ecs-agent",
    "ecs-telemetry",
    "logs",
    "ssm",
    "ssmmessages",
  ])

  vpc_id              = aws_vpc.this.id
  service_name        = "com.amazonaws.ap-south-1.${each.key}"
  vpc_endpoint_type   = "Interface"
  private_dns_enabled = true
  subnet_ids          = values(aws_subnet.private)[*].id
  security_group_ids  = [aws_security_group.endpoints.id]

  tags = {
    Name = "skyfox-devprod-${each.key}"
  }
}
