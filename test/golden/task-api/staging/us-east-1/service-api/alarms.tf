########################################
# Alarms
# https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/AlarmThatSendsEmail.html
########################################
resource "aws_cloudwatch_metric_alarm" "cpu" {
  alarm_name        = "task-api-staging-api-cpu"
  alarm_description = "Average CPU utilisation > 70 % for 2 periods of 5 min."
  namespace         = "AWS/ECS"
  metric_name       = "CPUUtilization"
  dimensions = {
    ClusterName = var.cluster_name
    ServiceName = aws_ecs_service.this.name
  }
  statistic           = "Average"
  comparison_operator = "GreaterThanThreshold"
  threshold           = 70
  period              = 300
  evaluation_periods  = 2
  datapoints_to_alarm = 2
  treat_missing_data  = "missing"
  alarm_actions       = [var.alarm_topic_arn]
  ok_actions          = [var.alarm_topic_arn]
}

resource "aws_cloudwatch_metric_alarm" "memory" {
  alarm_name        = "task-api-staging-api-memory"
  alarm_description = "Average memory utilisation > 80 % for 2 periods of 5 min."
  namespace         = "AWS/ECS"
  metric_name       = "MemoryUtilization"
  dimensions = {
    ClusterName = var.cluster_name
    ServiceName = aws_ecs_service.this.name
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

resource "aws_cloudwatch_metric_alarm" "response_time" {
  alarm_name        = "task-api-staging-api-response-time"
  alarm_description = "Average target response time > 1 s for 3 periods of 1 min."
  namespace         = "AWS/ApplicationELB"
  metric_name       = "TargetResponseTime"
  dimensions = {
    TargetGroup  = aws_lb_target_group.public.arn_suffix
    LoadBalancer = var.alb_public_arn_suffix
  }
  statistic           = "Average"
  comparison_operator = "GreaterThanThreshold"
  threshold           = 1
  period              = 60
  evaluation_periods  = 3
  datapoints_to_alarm = 3
  treat_missing_data  = "notBreaching"
  alarm_actions       = [var.alarm_topic_arn]
  ok_actions          = [var.alarm_topic_arn]
}

resource "aws_cloudwatch_metric_alarm" "unhealthy_hosts" {
  alarm_name        = "task-api-staging-api-unhealthy-hosts"
  alarm_description = "Maximum unhealthy targets >= 1 for 2 periods of 1 min."
  namespace         = "AWS/ApplicationELB"
  metric_name       = "UnHealthyHostCount"
  dimensions = {
    TargetGroup  = aws_lb_target_group.public.arn_suffix
    LoadBalancer = var.alb_public_arn_suffix
  }
  statistic           = "Maximum"
  comparison_operator = "GreaterThanOrEqualToThreshold"
  threshold           = 1
  period              = 60
  evaluation_periods  = 2
  datapoints_to_alarm = 2
  treat_missing_data  = "missing"
  alarm_actions       = [var.alarm_topic_arn]
  ok_actions          = [var.alarm_topic_arn]
}

resource "aws_cloudwatch_metric_alarm" "http4xx" {
  alarm_name        = "task-api-staging-api-http4xx"
  alarm_description = "Sum 4XX responses > 50 in 5 min."
  namespace         = "AWS/ApplicationELB"
  metric_name       = "HTTPCode_Target_4XX_Count"
  dimensions = {
    TargetGroup  = aws_lb_target_group.public.arn_suffix
    LoadBalancer = var.alb_public_arn_suffix
  }
  statistic           = "Sum"
  comparison_operator = "GreaterThanThreshold"
  threshold           = 50
  period              = 300
  evaluation_periods  = 1
  datapoints_to_alarm = 1
  treat_missing_data  = "notBreaching"
  alarm_actions       = [var.alarm_topic_arn]
  ok_actions          = [var.alarm_topic_arn]
}

resource "aws_cloudwatch_metric_alarm" "http5xx" {
  alarm_name        = "task-api-staging-api-http5xx"
  alarm_description = "Sum 5XX responses > 5 in 1 min."
  namespace         = "AWS/ApplicationELB"
  metric_name       = "HTTPCode_Target_5XX_Count"
  dimensions = {
    TargetGroup  = aws_lb_target_group.public.arn_suffix
    LoadBalancer = var.alb_public_arn_suffix
  }
  statistic           = "Sum"
  comparison_operator = "GreaterThanThreshold"
  threshold           = 5
  period              = 60
  evaluation_periods  = 1
  datapoints_to_alarm = 1
  treat_missing_data  = "notBreaching"
  alarm_actions       = [var.alarm_topic_arn]
  ok_actions          = [var.alarm_topic_arn]
}
