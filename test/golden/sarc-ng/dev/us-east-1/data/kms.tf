##############################################
# KMS keys for data at rest (rotated yearly)
##############################################
resource "aws_kms_key" "rds" {
  description             = "sarc-ng-dev: databases, their snapshots and Performance Insights"
  enable_key_rotation     = true
  deletion_window_in_days = 7

  tags = {
    Name = "sarc-ng-dev-rds"
  }
}

resource "aws_kms_alias" "rds" {
  name          = "alias/sarc-ng-dev-rds"
  target_key_id = aws_kms_key.rds.key_id
}
