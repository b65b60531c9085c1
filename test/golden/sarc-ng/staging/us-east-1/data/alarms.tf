########################################
# Database alarms
# https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/rds-metrics.html
########################################
resource "aws_cloudwatch_metric_alarm" "main_connections" {
  alarm_name        = "sarc-ng-staging-main-connections"
  alarm_description = "Average database connections > 80 for 2 periods of 5 min."
  namespace         = "AWS/RDS"
  metric_name       = "DatabaseConnections"
  dimensions = {
    DBInstanceIdentifier = aws_db_instance.main.identifier
  }
  statistic           = "Average"
  comparison_operator = "GreaterThanThreshold"
  threshold           = 80
  period              = 300
  evaluation_periods  = 2
  datapoints_to_alarm = 2
  treat_missing_data  = "missing"
  alarm_actions       = [var.alarm_topic_arn]
  ok_actions          = [var.alarm_topic_arn]
}
