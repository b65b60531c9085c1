variable "vpc_id" {
  description = "ID of the VPC."
  type        = string
}

variable "public_subnet_ids" {
  description = "IDs of the public subnets; tasks are placed on instances in them."
  type        = list(string)
}

variable "kms_logs_key_arn" {
  description = "ARN of the environment's KMS key for CloudWatch log groups."
  type        = string
}

variable "cluster_arn" {
  description = "ARN of the ECS cluster."
  type        = string
}

variable "alb_external_listener_arn" {
  description = "ARN of the HTTP listener of the external load balancer."
  type        = string
}

variable "alb_external_dns_name" {
  description = "DNS name of the external load balancer."
  type        = string
}

variable "alb_internal_dns_name" {
  description = "DNS name of the internal load balancer."
  type        = string
}

variable "repository_url_backend" {
  description = "URL of the ECR repository of backend."
  type        = string
}

variable "image_tag" {
  description = "Tag of the image to run from the repository; `berth deploy` sets it to the tag it pushed."
  type        = string
  default     = "latest"
}
