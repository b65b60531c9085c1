variable "vpc_id" {
  description = "ID of the VPC the security groups belong to."
  type        = string
}

variable "public_subnet_ids" {
  description = "IDs of the public subnets, in AZ order."
  type        = list(string)
}

variable "certificate_arn" {
  description = "ARN of the validated ACM certificate of the HTTPS listeners."
  type        = string
}

variable "zone_id" {
  description = "ID of the hosted zone the load balancers' alias records go in."
  type        = string
}
