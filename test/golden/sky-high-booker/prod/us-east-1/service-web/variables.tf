variable "vpc_id" {
  description = "ID of the VPC."
  type        = string
}

variable "private_subnet_ids" {
  description = "IDs of the private subnets the tasks run in."
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

variable "cluster_name" {
  description = "Name of the ECS cluster, part of the autoscaling resource id."
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

variable "alb_public_cloudfront_domain_name" {
  description = "Domain name of the CloudFront distribution in front of the public load balancer."
  type        = string
}

variable "repository_url_web" {
  description = "URL of the ECR repository of web."
  type        = string
}

variable "image_tag" {
  description = "Tag of the image to run from the repository; `berth deploy` sets it to the tag it pushed."
  type        = string
  default     = "latest"
}
