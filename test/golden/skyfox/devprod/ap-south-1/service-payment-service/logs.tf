########################################
# Container logs
# https://docs.aws.amazon.com/AmazonECS/latest/developerguide/using_awslogs.html
########################################
resource "aws_cloudwatch_log_group" "this" {
  name              = "/ecs/skyfox-devprod/payment-service"
  retention_in_days = 30
  kms_key_id        = var.kms_logs_key_arn
}
