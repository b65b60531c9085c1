#################################################################
# Task execution role: pull the image, write logs, read secrets
# https://docs.aws.amazon.com/AmazonECS/latest/developerguide/task_execution_IAM_role.html
#################################################################
resource "aws_iam_role" "task_exec" {
  name = "skyfox-devprod-payment-service-exec"
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

############################################
# Task role: what the application may call
# https://docs.aws.amazon.com/AmazonECS/latest/developerguide/task-iam-roles.html
############################################
resource "aws_iam_role" "task" {
  name = "skyfox-devprod-payment-service-task"
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
