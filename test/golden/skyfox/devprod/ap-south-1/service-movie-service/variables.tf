variable "alb_internal_listener_arn" {
  description = "ARN of the HTTP listener of the internal load balancer."
  type        = string
}

variable "alb_internal_security_group_id" {
  description = "ID of the security group of the internal load balancer."
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

variable "private_subnet_ids" {
  description = "IDs of the private subnets, in AZ order."
  type        = list(string)
}

variable "repository_url_movie_service" {
  description = "URL of the ECR repository of movie-service."
  type        = string
}

variable "s3_prefix_list_id" {
  description = "Prefix list of the S3 gateway endpoint (for VPC-only egress rules)."
  type        = string
}

variable "vpc_cidr_block" {
  description = "CIDR block of the VPC."
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
