########################################
# VPC endpoints
# https://docs.aws.amazon.com/vpc/latest/privatelink/gateway-endpoints.html
########################################
# S3 gateway endpoint: free, and the path ECR image layers take from private subnets.
resource "aws_vpc_endpoint" "s3" {
  vpc_id            = aws_vpc.this.id
  service_name      = "com.amazonaws.us-east-1.s3"
  vpc_endpoint_type = "Gateway"
  route_table_ids   = concat(values(aws_route_table.private)[*].id, [aws_route_table.database.id])

  tags = {
    Name = "task-api-staging-s3"
  }
}
