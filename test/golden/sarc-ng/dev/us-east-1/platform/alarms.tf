########################################
# Alarm notifications
# https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/Notify_Users_Alarm_Changes.html
########################################
# Not encrypted: CloudWatch cannot publish to a topic under the AWS-managed SNS key, and this environment
# has no key of its own (`kms.alarms`, default in prod). Alarm messages carry metric names and values, never secrets.
resource "aws_sns_topic" "alarms" {
  name = "sarc-ng-dev-alarms"
}
