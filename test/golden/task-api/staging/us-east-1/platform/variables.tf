variable "certificate_arn" {
  description = "ARN of the validated ACM certificate for staging.tasks.example.com and *.staging.tasks.example.com."
  type        = string
}

variable "public_subnet_ids" {
  description = "IDs of the public subnets, in AZ order."
  type        = list(string)
}

variable "vpc_id" {
  description = "ID of the VPC."
  type        = string
}

variable "zone_id" {
  description = "ID of the hosted zone of staging.tasks.example.com."
  type        = string
}
