########################################
# Database alarms
# https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/rds-metrics.html
########################################
resource "aws_cloudwatch_metric_alarm" "main_cpu" {
  alarm_name        = "task-api-prod-main-cpu"
  alarm_description = "Average database CPU utilisation > 80 % for 2 periods of 5 min."
  namespace         = "AWS/RDS"
  metric_name       = "CPUUtilization"
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

resource "aws_cloudwatch_metric_alarm" "main_connections" {
  alarm_name        = "task-api-prod-main-connections"
  alarm_description = "Average database connections > 150 for 2 periods of 5 min."
  namespace         = "AWS/RDS"
  metric_name       = "DatabaseConnections"
  dimensions = {
    DBInstanceIdentifier = aws_db_instance.main.identifier
  }
  statistic           = "Average"
  comparison_operator = "GreaterThanThreshold"
  threshold           = 150
  period              = 300
  evaluation_periods  = 2
  datapoints_to_alarm = 2
  treat_missing_data  = "missing"
  alarm_actions       = [var.alarm_topic_arn]
  ok_actions          = [var.alarm_topic_arn]
}

resource "aws_cloudwatch_metric_alarm" "main_free_storage" {
  alarm_name        = "task-api-prod-main-free-storage"
  alarm_description = "Minimum free storage < 10 GB in 5 min."
  namespace         = "AWS/RDS"
  metric_name       = "FreeStorageSpace"
  dimensions = {
    DBInstanceIdentifier = aws_db_instance.main.identifier
  }
  statistic           = "Minimum"
  comparison_operator = "LessThanThreshold"
  threshold           = 10737418240
  period              = 300
  evaluation_periods  = 1
  datapoints_to_alarm = 1
  treat_missing_data  = "missing"
  alarm_actions       = [var.alarm_topic_arn]
  ok_actions          = [var.alarm_topic_arn]
}
