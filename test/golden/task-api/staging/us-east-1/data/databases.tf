########################################
# Database main: PostgreSQL 15
# https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/CHAP_PostgreSQL.html
########################################
resource "aws_db_subnet_group" "main" {
  name        = "task-api-staging-main"
  description = "Database subnets of task-api-staging-main"
  subnet_ids  = var.database_subnet_ids
}

# No rules here: each service that uses main (api) adds its own ingress rule on port 5432. No egress.
resource "aws_security_group" "main" {
  name        = "task-api-staging-main-db"
  description = "PostgreSQL main: only the services that use it, on 5432"
  vpc_id      = var.vpc_id

  tags = {
    Name = "task-api-staging-main-db"
  }
}

resource "aws_db_parameter_group" "main" {
  name        = "task-api-staging-main"
  family      = "postgres15"
  description = "task-api-staging-main: TLS required"

  parameter {
    name         = "rds.force_ssl"
    value        = "1"
    apply_method = "pending-reboot"
  }

  lifecycle {
    create_before_destroy = true
  }
}

resource "aws_iam_role" "main_monitoring" {
  name = "task-api-staging-main-monitoring"
  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Effect = "Allow"
        Action = "sts:AssumeRole"
        Principal = {
          Service = "monitoring.rds.amazonaws.com"
        }
      },
    ]
  })
}

resource "aws_iam_role_policy_attachment" "main_monitoring" {
  role       = aws_iam_role.main_monitoring.name
  policy_arn = "arn:aws:iam::aws:policy/service-role/AmazonRDSEnhancedMonitoringRole"
}

resource "aws_db_instance" "main" {
  identifier     = "task-api-staging-main"
  engine         = "postgres"
  engine_version = "15"
  instance_class = "db.t3.micro"
  db_name        = "taskdb"
  username       = "taskadmin"
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
  monitoring_interval             = 60
  monitoring_role_arn             = aws_iam_role.main_monitoring.arn
  performance_insights_enabled    = false
  enabled_cloudwatch_logs_exports = ["postgresql", "upgrade"]

  tags = {
    Name = "task-api-staging-main"
  }
}
