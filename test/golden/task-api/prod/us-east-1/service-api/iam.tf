#################################################################
# Task execution role: pull the image, write logs, read secrets
# https://docs.aws.amazon.com/AmazonECS/latest/developerguide/task_execution_IAM_role.html
#################################################################
resource "aws_iam_role" "task_exec" {
  name = "task-api-prod-api-exec"
  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Effect = "Allow"
        Action = "sts:AssumeRole"
        Principal = {
          Service = "ecs-tasks.amazonaws.com"
        }
      },
    ]
  })
}

resource "aws_iam_role_policy_attachment" "task_exec" {
  role       = aws_iam_role.task_exec.name
  policy_arn = "arn:aws:iam::aws:policy/service-role/AmazonECSTaskExecutionRolePolicy"
}

resource "aws_iam_role_policy" "task_exec_secrets" {
  name = "read-secrets"
  role = aws_iam_role.task_exec.id
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Effect   = "Allow"
        Action   = "secretsmanager:GetSecretValue"
        Resource = [var.database_main_secret_arn]
      },
      {
        Effect   = "Allow"
        Action   = "kms:Decrypt"
        Resource = var.kms_secrets_key_arn
      },
    ]
  })
}

############################################
# Task role: what the application may call
# https://docs.aws.amazon.com/AmazonECS/latest/developerguide/task-iam-roles.html
############################################
resource "aws_iam_role" "task" {
  name = "task-api-prod-api-task"
  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Effect = "Allow"
        Action = "sts:AssumeRole"
        Principal = {
          Service = "ecs-tasks.amazonaws.com"
        }
      },
    ]
  })
}
