##############################################
# KMS keys for data at rest (rotated yearly)
##############################################
resource "aws_kms_key" "rds" {
  description             = "task-api-staging: databases, their snapshots and Performance Insights"
  enable_key_rotation     = true
  deletion_window_in_days = 7

  tags = {
    Name = "task-api-staging-rds"
  }
}

resource "aws_kms_alias" "rds" {
  name          = "alias/task-api-staging-rds"
  target_key_id = aws_kms_key.rds.key_id
}
