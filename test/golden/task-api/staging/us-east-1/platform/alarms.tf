########################################
# Alarm notifications
# https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/Notify_Users_Alarm_Changes.html
########################################
# Not encrypted: CloudWatch cannot publish to a topic under the AWS-managed SNS key, and this environment
# has no key of its own (`kms.alarms`, default in prod). Alarm messages carry metric names and values, never secrets.
resource "aws_sns_topic" "alarms" {
  name = "task-api-staging-alarms"
}

# Each address receives a confirmation email and gets alarms once it confirms.
resource "aws_sns_topic_subscription" "email" {
  for_each = toset(["oncall@example.com"])

  topic_arn = aws_sns_topic.alarms.arn
  protocol  = "email"
  endpoint  = each.value
}
