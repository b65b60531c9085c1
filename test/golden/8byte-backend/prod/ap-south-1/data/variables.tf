variable "database_subnet_ids" {
  description = "IDs of the database subnets, in AZ order."
  type        = list(string)
}

variable "vpc_id" {
  description = "ID of the VPC."
  type        = string
}
