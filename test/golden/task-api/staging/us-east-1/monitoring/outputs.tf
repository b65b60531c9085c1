output "dashboard_arn" {
  description = "ARN of the environment's CloudWatch dashboard."
  value       = aws_cloudwatch_dashboard.this.dashboard_arn
}
