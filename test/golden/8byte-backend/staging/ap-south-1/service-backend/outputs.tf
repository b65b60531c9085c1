output "service_name" {
  description = "Name of the ECS service."
  value       = aws_ecs_service.this.name
}

output "task_definition_arn" {
  description = "ARN of the task definition revision the service runs."
  value       = aws_ecs_task_definition.this.arn
}

output "log_group_name" {
  description = "CloudWatch log group of the containers."
  value       = aws_cloudwatch_log_group.this.name
}

output "target_group_arns" {
  description = "ARNs of the service's target groups, by load balancer key."
  value = {
    public = aws_lb_target_group.public.arn
  }
}

output "security_group_id" {
  description = "ID of the tasks' security group."
  value       = aws_security_group.this.id
}

output "url" {
  description = "URL of the service through the public load balancer."
  value       = "http://${var.alb_public_dns_name}"
}
