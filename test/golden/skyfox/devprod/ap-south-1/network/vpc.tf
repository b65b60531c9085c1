########################################
# VPC
# https://docs.aws.amazon.com/vpc/latest/userguide/configure-your-vpc.html
########################################
resource "aws_vpc" "this" {
  cidr_block           = "10.0.0.0/16"
  enable_dns_support   = true
  enable_dns_hostnames = true

  tags = {
    Name = "skyfox-devprod-vpc"
  }
}

# No rules: nothing may use the VPC's default security group.
resource "aws_default_security_group" "this" {
  vpc_id = aws_vpc.this.id

  tags = {
    Name = "skyfox-devprod-vpc-default"
  }
}

locals {
  public_subnets = {
    ap-south-1a = {
      cidr_block = "10.0.1.0/24"
      name       = "skyfox-devprod-public-ap-south-1a"
    }
    ap-south-1b = {
      cidr_block = "10.0.2.0/24"
      name       = "skyfox-devprod-public-ap-south-1b"
    }
    ap-south-1c = {
      cidr_block = "10.0.3.0/24"
      name       = "skyfox-devprod-public-ap-south-1c"
    }
  }
  private_subnets = {
    ap-south-1a = {
      cidr_block = "10.0.10.0/24"
      name       = "skyfox-devprod-private-ap-south-1a"
    }
    ap-south-1b = {
      cidr_block = "10.0.20.0/24"
      name       = "skyfox-devprod-private-ap-south-1b"
    }
    ap-south-1c = {
      cidr_block = "10.0.30.0/24"
      name       = "skyfox-devprod-private-ap-south-1c"
    }
  }
}

########################################
# Subnets
########################################
resource "aws_subnet" "public" {
  for_each = local.public_subnets

  vpc_id                  = aws_vpc.this.id
  availability_zone       = each.key
  cidr_block              = each.value.cidr_block
  map_public_ip_on_launch = true

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
