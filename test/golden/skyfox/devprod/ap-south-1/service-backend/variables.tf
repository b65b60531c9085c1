variable "alb_external_dns_name" {
  description = "DNS name of the external load balancer."
  type        = string
}

variable "alb_external_listener_arn" {
  description = "ARN of the HTTP listener of the external load balancer."
  type        = string
}

variable "alb_internal_dns_name" {
  description = "DNS name of the internal load balancer."
  type        = string
}

variable "cluster_arn" {
  description = "ARN of the ECS cluster."
  type        = string
}

variable "kms_logs_key_arn" {
  description = "ARN of the KMS key that encrypts the environment's CloudWatch log groups."
  type        = string
}

variable "public_subnet_ids" {
  description = "IDs of the public subnets, in AZ order."
  type        = list(string)
}

variable "repository_url_backend" {
  description = "URL of the ECR repository of backend."
  type        = string
}

variable "vpc_id" {
  description = "ID of the VPC."
  type        = string
}

variable "image_tag" {
  description = "Tag of the image to run from the repository; `berth deploy` sets it to the tag it pushed."
  type        = string
  default     = "latest"
}
