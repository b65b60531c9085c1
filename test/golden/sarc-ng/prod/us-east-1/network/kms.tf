######################################################
# KMS key for CloudWatch log groups (rotated yearly)
# https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/encrypt-log-data-kms.html
######################################################
# CloudWatch Logs uses the key directly, so the key policy names it; IAM policies of the account govern everyone else.
resource "aws_kms_key" "logs" {
  description             = "sarc-ng-prod: CloudWatch log groups"
  enable_key_rotation     = true
  deletion_window_in_days = 30
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Sid    = "AccountAdministersKey"
        Effect = "Allow"
        Principal = {
          AWS = "arn:aws:iam::${aws_vpc.this.owner_id}:root"
        }
        Action   = "kms:*"
        Resource = "*"
      },
      {
        Sid    = "CloudWatchLogsEncryptsThisAccountsLogGroups"
        Effect = "Allow"
        Principal = {
          Service = "logs.us-east-1.amazonaws.com"
        }
        Action   = ["kms:Encrypt*", "kms:Decrypt*", "kms:ReEncrypt*", "kms:GenerateDataKey*", "kms:Describe*"]
        Resource = "*"
        Condition = {
          ArnLike = {
            "kms:EncryptionContext:aws:logs:arn" = "arn:aws:logs:us-east-1:${aws_vpc.this.owner_id}:log-group:*"
          }
        }
      },
    ]
  })

  tags = {
    Name = "sarc-ng-prod-logs"
  }
}

resource "aws_kms_alias" "logs" {
  name          = "alias/sarc-ng-prod-logs"
  target_key_id = aws_kms_key.logs.key_id
}
