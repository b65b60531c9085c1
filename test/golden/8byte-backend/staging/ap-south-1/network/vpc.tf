########################################
# VPC
# https://docs.aws.amazon.com/vpc/latest/userguide/configure-your-vpc.html
########################################
resource "aws_vpc" "this" {
  cidr_block           = "10.0.0.0/16"
  enable_dns_support   = true
  enable_dns_hostnames = true

  tags = {
    Name = "prop-staging-vpc"
  }
}

# No rules: nothing may use the VPC's default security group.
resource "aws_default_security_group" "this" {
  vpc_id = aws_vpc.this.id

  tags = {
    Name = "prop-staging-vpc-default"
  }
}

locals {
  public_subnets = {
    ap-south-1a = {
      cidr_block = "10.0.0.0/24"
      name       = "prop-staging-public-ap-south-1a"
    }
    ap-south-1b = {
      cidr_block = "10.0.1.0/24"
      name       = "prop-staging-public-ap-south-1b"
    }
  }
  private_subnets = {
    ap-south-1a = {
      cidr_block = "10.0.64.0/24"
      name       = "prop-staging-private-ap-south-1a"
    }
    ap-south-1b = {
      cidr_block = "10.0.65.0/24"
      name       = "prop-staging-private-ap-south-1b"
    }
  }
  database_subnets = {
    ap-south-1a = {
      cidr_block = "10.0.128.0/24"
      name       = "prop-staging-database-ap-south-1a"
    }
    ap-south-1b = {
      cidr_block = "10.0.129.0/24"
      name       = "prop-staging-database-ap-south-1b"
    }
  }
}

########################################
# Subnets
########################################
resource "aws_subnet" "public" {
  for_each = local.public_subnets

  vpc_id            = aws_vpc.this.id
  availability_zone = each.key
  cidr_block        = each.value.cidr_block

  tags = {
    Name = each.value.name
    Tier = "public"
  }
}

resource "aws_subnet" "private" {
  for_each = local.private_subnets

  vpc_id            = aws_vpc.this.id
  availability_zone = each.key
  cidr_block        = each.value.cidr_block

  tags = {
    Name = each.value.name
    Tier = "private"
  }
}

resource "aws_subnet" "database" {
  for_each = local.database_subnets

  vpc_id            = aws_vpc.this.id
  availability_zone = each.key
  cidr_block        = each.value.cidr_block

  tags = {
    Name = each.value.name
    Tier = "database"
  }
}
