########################################
# Network ACL of the database subnets
# https://docs.aws.amazon.com/vpc/latest/userguide/vpc-network-acls.html
########################################
resource "aws_network_acl" "database" {
  vpc_id     = aws_vpc.this.id
  subnet_ids = values(aws_subnet.database)[*].id

  ingress {
    rule_no    = 100
    action     = "allow"
    protocol   = "tcp"
    cidr_block = "10.0.64.0/24"
    from_port  = 5432
    to_port    = 5432
  }

  ingress {
    rule_no    = 110
    action     = "allow"
    protocol   = "tcp"
    cidr_block = "10.0.65.0/24"
    from_port  = 5432
    to_port    = 5432
  }

  egress {
    rule_no    = 100
    action     = "allow"
    protocol   = "tcp"
    cidr_block = "10.0.64.0/24"
    from_port  = 1024
    to_port    = 65535
  }

  egress {
    rule_no    = 110
    action     = "allow"
    protocol   = "tcp"
    cidr_block = "10.0.65.0/24"
    from_port  = 1024
    to_port    = 65535
  }

  tags = {
    Name = "task-api-prod-database"
  }
}
