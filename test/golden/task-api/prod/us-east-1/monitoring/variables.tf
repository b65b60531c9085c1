variable "alb_public_arn_suffix" {
  description = "ARN suffix (for CloudWatch metrics) of the public load balancer."
  type        = string
}

variable "cluster_name" {
  description = "Name of the ECS cluster."
  type        = string
}

variable "nat_gateway_ids" {
  description = "IDs of the NAT gateways, in AZ order."
  type        = list(string)
}
