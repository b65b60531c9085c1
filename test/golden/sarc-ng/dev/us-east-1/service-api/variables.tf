variable "vpc_id" {
  description = "ID of the VPC."
  type        = string
}

variable "private_subnet_ids" {
  description = "IDs of the private subnets the tasks run in."
  type        = list(string)
}

variable "cluster_arn" {
  description = "ARN of the ECS cluster."
  type        = string
}

variable "cluster_name" {
  description = "Name of the ECS cluster, a dimension of the service's CPU and memory metrics."
  type        = string
}

variable "alarm_topic_arn" {
  description = "ARN of the SNS topic the service's alarms notify."
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

variable "alb_public_arn_suffix" {
  description = "ARN suffix of the public load balancer, a dimension of its target group metrics."
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

variable "repository_url_api" {
  description = "URL of the ECR repository of api."
  type        = string
}

variable "image_tag" {
  description = "Tag of the image to run from the repository; `berth deploy` sets it to the tag it pushed."
  type        = string
  default     = "latest"
}
