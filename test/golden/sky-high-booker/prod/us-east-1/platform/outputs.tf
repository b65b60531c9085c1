output "cluster_name" {
  description = "Name of the ECS cluster."
  value       = aws_ecs_cluster.this.name
}

output "cluster_arn" {
  description = "ARN of the ECS cluster."
  value       = aws_ecs_cluster.this.arn
}

output "alb_public_arn" {
  description = "ARN of the public load balancer."
  value       = aws_lb.public.arn
}

output "alb_public_arn_suffix" {
  description = "ARN suffix (for CloudWatch metrics) of the public load balancer."
  value       = aws_lb.public.arn_suffix
}

output "alb_public_dns_name" {
  description = "DNS name of the public load balancer."
  value       = aws_lb.public.dns_name
}

output "alb_public_zone_id" {
  description = "Route 53 hosted zone ID of the public load balancer."
  value       = aws_lb.public.zone_id
}

output "alb_public_listener_arn" {
  description = "ARN of the HTTP listener of the public load balancer."
  value       = aws_lb_listener.public.arn
}

output "alb_public_security_group_id" {
  description = "ID of the security group of the public load balancer."
  value       = aws_security_group.public.id
}

output "alb_public_cloudfront_domain_name" {
  description = "Domain name of the CloudFront distribution in front of the public load balancer."
  value       = aws_cloudfront_distribution.public.domain_name
}

output "repository_url_web" {
  description = "URL of the ECR repository of web."
  value       = aws_ecr_repository.web.repository_url
}

output "repository_arn_web" {
  description = "ARN of the ECR repository of web."
  value       = aws_ecr_repository.web.arn
}

output "alarm_topic_arn" {
  description = "ARN of the SNS topic alarms notify."
  value       = aws_sns_topic.alarms.arn
}
