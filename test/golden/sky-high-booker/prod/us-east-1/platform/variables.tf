variable "public_subnet_ids" {
  description = "IDs of the public subnets, in AZ order."
  type        = list(string)
}

variable "vpc_id" {
  description = "ID of the VPC."
  type        = string
}

variable "cloudfront_prefix_list_id_public" {
  description = "ID of the AWS-managed prefix list com.amazonaws.global.cloudfront.origin-facing in us-east-1: the only addresses the public load balancer accepts."
  type        = string
}
