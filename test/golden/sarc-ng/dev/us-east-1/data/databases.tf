########################################
# Database main: MySQL 8.0
# https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/CHAP_MySQL.html
########################################
resource "aws_db_subnet_group" "main" {
  name        = "sarc-ng-dev-main"
  description = "Database subnets of sarc-ng-dev-main"
  subnet_ids  = var.database_subnet_ids
}

# No rules here: each service that uses main (api) adds its own ingress rule on port 3306. No egress.
resource "aws_security_group" "main" {
  name        = "sarc-ng-dev-main-db"
  description = "MySQL main: only the services that use it, on 3306"
  vpc_id      = var.vpc_id

  tags = {
    Name = "sarc-ng-dev-main-db"
  }
}

resource "aws_db_parameter_group" "main" {
  name        = "sarc-ng-dev-main"
  family      = "mysql8.0"
  description = "sarc-ng-dev-main: TLS required"

  parameter {
    name         = "require_secure_transport"
    value        = "ON"
    apply_method = "immediate"
  }

  lifecycle {
    create_before_destroy = true
  }
}

resource "aws_db_instance" "main" {
  identifier     = "sarc-ng-dev-main"
  engine         = "mysql"
  engine_version = "8.0"
  instance_class = "db.t3.medium"
  db_name        = "sarcng"
  username       = "dbadmin"
  port           = 3306
  # Secrets Manager creates and rotates the master password; Terraform never sees it.
  manage_master_user_password     = true
  storage_type                    = "gp3"
  allocated_storage               = 20
  max_allocated_storage           = 100
  storage_encrypted               = true
  kms_key_id                      = aws_kms_key.rds.arn
  db_subnet_group_name            = aws_db_subnet_group.main.name
  vpc_security_group_ids          = [aws_security_group.main.id]
  publicly_accessible             = false
  parameter_group_name            = aws_db_parameter_group.main.name
  multi_az                        = false
  backup_retention_period         = 7
  backup_window                   = "03:00-06:00"
  maintenance_window              = "mon:00:00-mon:03:00"
  auto_minor_version_upgrade      = true
  copy_tags_to_snapshot           = true
  deletion_protection             = false
  skip_final_snapshot             = true
  monitoring_interval             = 0
  performance_insights_enabled    = false
  enabled_cloudwatch_logs_exports = ["error", "slowquery"]

  tags = {
    Name = "sarc-ng-dev-main"
  }
}
