variable "vpc_id" {
  description = "ID of the VPC."
  type        = string
}

variable "vpc_cidr_block" {
  description = "CIDR block of the VPC: where this service's VPC-only egress may go."
  type        = string
}

variable "private_subnet_ids" {
  description = "IDs of the private subnets the tasks run in."
  type        = list(string)
}

variable "s3_prefix_list_id" {
  description = "Prefix list of the S3 gateway endpoint, which serves ECR image layers."
  type        = string
}

variable "cluster_arn" {
  description = "ARN of the ECS cluster."
  type        = string
}

variable "alb_public_listener_arn" {
  description = "ARN of the HTTP listener of the public load balancer."
  type        = string
}

variable "alb_public_security_group_id" {
  description = "ID of the security group of the public load balancer."
  type        = string
}

variable "alb_public_dns_name" {
  description = "DNS name of the public load balancer."
  type        = string
}

variable "database_main_address" {
  description = "Host name of the main database."
  type        = string
}

variable "database_main_secret_arn" {
  description = "ARN of the managed secret of the main database (JSON keys username, password)."
  type        = string
}

variable "database_main_security_group_id" {
  description = "ID of the security group of the main database, which admits this service."
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
