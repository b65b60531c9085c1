##############################################
# KMS keys for data at rest (rotated yearly)
##############################################
resource "aws_kms_key" "rds" {
  description             = "prop-staging: databases, their snapshots and Performance Insights"
  enable_key_rotation     = true
  deletion_window_in_days = 7

  tags = {
    Name = "prop-staging-rds"
  }
}

resource "aws_kms_alias" "rds" {
  name          = "alias/prop-staging-rds"
  target_key_id = aws_kms_key.rds.key_id
}
