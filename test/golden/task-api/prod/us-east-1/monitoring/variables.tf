variable "cluster_name" {
  description = "Name of the ECS cluster, a dimension of the services' metrics."
  type        = string
}

variable "alb_public_arn_suffix" {
  description = "ARN suffix of the public load balancer, the dimension of its metrics."
  type        = string
}
