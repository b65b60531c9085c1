variable "alb_public_dns_name" {
  description = "DNS name of the public load balancer."
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

variable "cluster_arn" {
  description = "ARN of the ECS cluster."
  type        = string
}

variable "database_main_address" {
  description = "Host name of main."
  type        = string
}

variable "database_main_secret_arn" {
  description = "ARN of the Secrets Manager secret holding main's master user name and password (JSON keys username, password)."
  type        = string
}

variable "database_main_security_group_id" {
  description = "ID of the security group of main; services that use it add their ingress rule."
  type        = string
}

variable "private_subnet_ids" {
  description = "IDs of the private subnets, in AZ order."
  type        = list(string)
}

variable "repository_url_backend" {
  description = "URL of the ECR repository of backend."
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
