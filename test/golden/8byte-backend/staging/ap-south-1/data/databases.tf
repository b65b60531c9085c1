########################################
# Database main: PostgreSQL 16
# https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/CHAP_PostgreSQL.html
########################################
resource "aws_db_subnet_group" "main" {
  name        = "prop-staging-main"
  description = "Database subnets of prop-staging-main"
  subnet_ids  = var.database_subnet_ids
}

# No rules here: each service that uses main (backend) adds its own ingress rule on port 5432. No egress.
resource "aws_security_group" "main" {
  name        = "prop-staging-main-db"
  description = "PostgreSQL main: only the services that use it, on 5432"
  vpc_id      = var.vpc_id

  tags = {
    Name = "prop-staging-main-db"
  }
}

resource "aws_db_parameter_group" "main" {
  name        = "prop-staging-main"
  family      = "postgres16"
  description = "prop-staging-main: TLS required"

  parameter {
    name         = "rds.force_ssl"
    value        = "1"
    apply_method = "pending-reboot"
  }

  lifecycle {
    create_before_destroy = true
  }
}

resource "aws_db_instance" "main" {
  identifier     = "prop-staging-main"
  engine         = "postgres"
  engine_version = "16"
  instance_class = "db.t3.micro"
  db_name        = "main"
  username       = "dbadmin"
  port           = 5432
  # Secrets Manager creates and rotates the master password; Terraform never sees it.
  manage_master_user_password     = true
  storage_type                    = "gp3"
  allocated_storage               = 20
  storage_encrypted               = true
  kms_key_id                      = aws_kms_key.rds.arn
  db_subnet_group_name            = aws_db_subnet_group.main.name
  vpc_security_group_ids          = [aws_security_group.main.id]
  publicly_accessible             = false
  parameter_group_name            = aws_db_parameter_group.main.name
  multi_az                        = false
  backup_retention_period         = 7
  backup_window                   = "03:00-04:00"
  maintenance_window              = "sun:05:00-sun:06:00"
  auto_minor_version_upgrade      = true
  copy_tags_to_snapshot           = true
  deletion_protection             = false
  skip_final_snapshot             = true
  monitoring_interval             = 0
  performance_insights_enabled    = false
  enabled_cloudwatch_logs_exports = ["postgresql", "upgrade"]

  tags = {
    Name = "prop-staging-main"
  }
}
