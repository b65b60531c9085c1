#######################################################
# Database main: Aurora MySQL 8.0.mysql_aurora.3.03.1
# https://docs.aws.amazon.com/AmazonRDS/latest/AuroraUserGuide/CHAP_AuroraOverview.html
#######################################################
resource "aws_db_subnet_group" "main" {
  name        = "sarc-ng-prod-main"
  description = "Database subnets of sarc-ng-prod-main"
  subnet_ids  = var.database_subnet_ids
}

# No rules here: each service that uses main (api) adds its own ingress rule on port 3306. No egress.
resource "aws_security_group" "main" {
  name        = "sarc-ng-prod-main-db"
  description = "Aurora MySQL main: only the services that use it, on 3306"
  vpc_id      = var.vpc_id

  tags = {
    Name = "sarc-ng-prod-main-db"
  }
}

resource "aws_rds_cluster_parameter_group" "main" {
  name        = "sarc-ng-prod-main"
  family      = "aurora-mysql8.0"
  description = "sarc-ng-prod-main: TLS required"

  parameter {
    name         = "require_secure_transport"
    value        = "ON"
    apply_method = "immediate"
  }

  lifecycle {
    create_before_destroy = true
  }
}

resource "aws_iam_role" "main_monitoring" {
  name = "sarc-ng-prod-main-monitoring"
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

resource "aws_rds_cluster" "main" {
  cluster_identifier = "sarc-ng-prod-main"
  engine             = "aurora-mysql"
  engine_version     = "8.0.mysql_aurora.3.03.1"
  database_name      = "sarcng"
  master_username    = "dbadmin"
  port               = 3306
  # Secrets Manager creates and rotates the master password; Terraform never sees it.
  manage_master_user_password     = true
  master_user_secret_kms_key_id   = aws_kms_key.secrets.arn
  storage_encrypted               = true
  kms_key_id                      = aws_kms_key.rds.arn
  db_subnet_group_name            = aws_db_subnet_group.main.name
  vpc_security_group_ids          = [aws_security_group.main.id]
  db_cluster_parameter_group_name = aws_rds_cluster_parameter_group.main.name
  backup_retention_period         = 30
  preferred_backup_window         = "03:00-06:00"
  preferred_maintenance_window    = "mon:00:00-mon:03:00"
  copy_tags_to_snapshot           = true
  deletion_protection             = true
  skip_final_snapshot             = false
  final_snapshot_identifier       = "sarc-ng-prod-main-final"
  enabled_cloudwatch_logs_exports = ["error", "slowquery"]

  # A global database (global_cluster_identifier) comes with multi-region support.
  tags = {
    Name = "sarc-ng-prod-main"
  }
}

# The first instance is the writer; readers take over in promotion-tier order.
resource "aws_rds_cluster_instance" "main" {
  for_each = {
    sarc-ng-prod-main-1 = 1
    sarc-ng-prod-main-2 = 2
  }

  identifier                            = each.key
  cluster_identifier                    = aws_rds_cluster.main.id
  engine                                = aws_rds_cluster.main.engine
  engine_version                        = aws_rds_cluster.main.engine_version
  instance_class                        = "db.r5.large"
  promotion_tier                        = each.value
  db_subnet_group_name                  = aws_db_subnet_group.main.name
  publicly_accessible                   = false
  auto_minor_version_upgrade            = true
  monitoring_interval                   = 60
  monitoring_role_arn                   = aws_iam_role.main_monitoring.arn
  performance_insights_enabled          = true
  performance_insights_kms_key_id       = aws_kms_key.rds.arn
  performance_insights_retention_period = 7

  tags = {
    Name = each.key
  }
}
