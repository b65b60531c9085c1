variable "vpc_id" {
  description = "ID of the VPC the database security groups belong to."
  type        = string
}

variable "database_subnet_ids" {
  description = "IDs of the database subnets, in AZ order."
  type        = list(string)
}

variable "alarm_topic_arn" {
  description = "ARN of the SNS topic the database alarms notify."
  type        = string
}
