variable "alarm_topic_arn" {
  description = "ARN of the SNS topic alarms notify."
  type        = string
}

variable "alb_public_cloudfront_domain_name" {
  description = "Domain name of the CloudFront distribution in front of the public load balancer."
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

variable "cluster_name" {
  description = "Name of the ECS cluster."
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

variable "repository_url_web" {
  description = "URL of the ECR repository of web."
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
