########################################
# Alarm notifications
# https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/Notify_Users_Alarm_Changes.html
########################################
locals {
  account_id = split(":", aws_ecs_cluster.this.arn)[4]
}

# CloudWatch encrypts alarm messages with the key, so the key policy names it, for this environment's alarms only.
resource "aws_kms_key" "alarms" {
  description             = "sarc-ng-prod: the alarm topic"
  enable_key_rotation     = true
  deletion_window_in_days = 30
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Sid    = "AccountAdministersKey"
        Effect = "Allow"
        Principal = {
          AWS = "arn:aws:iam::${local.account_id}:root"
        }
        Action   = "kms:*"
        Resource = "*"
      },
      {
        Sid    = "CloudWatchAlarmsOfThisEnvironmentPublish"
        Effect = "Allow"
        Principal = {
          Service = "cloudwatch.amazonaws.com"
        }
        Action   = ["kms:Decrypt", "kms:GenerateDataKey*"]
        Resource = "*"
        Condition = {
          StringEquals = {
            "aws:SourceAccount" = "${local.account_id}"
          }
          ArnLike = {
            "aws:SourceArn" = "arn:aws:cloudwatch:us-east-1:${local.account_id}:alarm:sarc-ng-prod-*"
          }
        }
      },
    ]
  })

  tags = {
    Name = "sarc-ng-prod-alarms"
  }
}

resource "aws_kms_alias" "alarms" {
  name          = "alias/sarc-ng-prod-alarms"
  target_key_id = aws_kms_key.alarms.key_id
}

resource "aws_sns_topic" "alarms" {
  name              = "sarc-ng-prod-alarms"
  kms_master_key_id = aws_kms_key.alarms.arn
}
