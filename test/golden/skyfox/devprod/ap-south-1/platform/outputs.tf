output "cluster_name" {
  description = "Name of the ECS cluster."
  value       = aws_ecs_cluster.this.name
}

output "cluster_arn" {
  description = "ARN of the ECS cluster."
  value       = aws_ecs_cluster.this.arn
}

output "alb_external_arn" {
  description = "ARN of the external load balancer."
  value       = aws_lb.external.arn
}

output "alb_external_arn_suffix" {
  description = "ARN suffix (for CloudWatch metrics) of the external load balancer."
  value       = aws_lb.external.arn_suffix
}

output "alb_external_dns_name" {
  description = "DNS name of the external load balancer."
  value       = aws_lb.external.dns_name
}

output "alb_external_zone_id" {
  description = "Route 53 hosted zone ID of the external load balancer."
  value       = aws_lb.external.zone_id
}

output "alb_external_listener_arn" {
  description = "ARN of the HTTP listener of the external load balancer."
  value       = aws_lb_listener.external.arn
}

output "alb_external_security_group_id" {
  description = "ID of the security group of the external load balancer."
  value       = aws_security_group.external.id
}

output "alb_internal_arn" {
  description = "ARN of the internal load balancer."
  value       = aws_lb.internal.arn
}

output "alb_internal_arn_suffix" {
  description = "ARN suffix (for CloudWatch metrics) of the internal load balancer."
  value       = aws_lb.internal.arn_suffix
}

output "alb_internal_dns_name" {
  description = "DNS name of the internal load balancer."
  value       = aws_lb.internal.dns_name
}

output "alb_internal_zone_id" {
  description = "Route 53 hosted zone ID of the internal load balancer."
  value       = aws_lb.internal.zone_id
}

output "alb_internal_listener_arn" {
  description = "ARN of the HTTP listener of the internal load balancer."
  value       = aws_lb_listener.internal.arn
}

output "alb_internal_security_group_id" {
  description = "ID of the security group of the internal load balancer."
  value       = aws_security_group.internal.id
}

output "repository_url_backend" {
  description = "URL of the ECR repository of backend."
  value       = aws_ecr_repository.backend.repository_url
}

output "repository_arn_backend" {
  description = "ARN of the ECR repository of backend."
  value       = aws_ecr_repository.backend.arn
}

output "repository_url_movie_service" {
  description = "URL of the ECR repository of movie-service."
  value       = aws_ecr_repository.movie_service.repository_url
}

output "repository_arn_movie_service" {
  description = "ARN of the ECR repository of movie-service."
  value       = aws_ecr_repository.movie_service.arn
}

output "repository_url_payment_service" {
  description = "URL of the ECR repository of payment-service."
  value       = aws_ecr_repository.payment_service.repository_url
}

output "repository_arn_payment_service" {
  description = "ARN of the ECR repository of payment-service."
  value       = aws_ecr_repository.payment_service.arn
}

output "instance_security_group_id" {
  description = "ID of the security group of the ECS container instances."
  value       = aws_security_group.instances.id
}
