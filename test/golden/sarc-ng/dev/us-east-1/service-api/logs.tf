########################################
# Container logs
# https://docs.aws.amazon.com/AmazonECS/latest/developerguide/using_awslogs.html
########################################
resource "aws_cloudwatch_log_group" "this" {
  name              = "/ecs/sarc-ng-dev/api"
  retention_in_days = 7
}
