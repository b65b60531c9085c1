##############################################
# KMS keys for data at rest (rotated yearly)
##############################################
resource "aws_kms_key" "rds" {
  description             = "sarc-ng-prod: databases, their snapshots and Performance Insights"
  enable_key_rotation     = true
  deletion_window_in_days = 30

  tags = {
    Name = "sarc-ng-prod-rds"
  }
}

resource "aws_kms_alias" "rds" {
  name          = "alias/sarc-ng-prod-rds"
  target_key_id = aws_kms_key.rds.key_id
}

resource "aws_kms_key" "secrets" {
  description             = "sarc-ng-prod: Secrets Manager secrets and SecureString parameters"
  enable_key_rotation     = true
  deletion_window_in_days = 30

  tags = {
    Name = "sarc-ng-prod-secrets"
  }
}

resource "aws_kms_alias" "secrets" {
  name          = "alias/sarc-ng-prod-secrets"
  target_key_id = aws_kms_key.secrets.key_id
}
