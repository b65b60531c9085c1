output "vpc_id" {
  description = "ID of the VPC."
  value       = aws_vpc.this.id
}

output "vpc_cidr_block" {
  description = "CIDR block of the VPC."
  value       = aws_vpc.this.cidr_block
}

output "public_subnet_ids" {
  description = "IDs of the public subnets, in AZ order."
  value       = [for s in aws_subnet.public : s.id]
}

output "private_subnet_ids" {
  description = "IDs of the private subnets, in AZ order."
  value       = [for s in aws_subnet.private : s.id]
}

output "database_subnet_ids" {
  description = "IDs of the database subnets, in AZ order."
  value       = [for s in aws_subnet.database : s.id]
}

output "nat_gateway_ids" {
  description = "IDs of the NAT gateways, in AZ order."
  value       = values(aws_nat_gateway.this)[*].id
}

output "s3_prefix_list_id" {
  description = "Prefix list of the S3 gateway endpoint (for VPC-only egress rules)."
  value       = aws_vpc_endpoint.s3.prefix_list_id
}
