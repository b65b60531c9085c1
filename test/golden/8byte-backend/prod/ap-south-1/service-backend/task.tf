########################################
# Task definition
# https://docs.aws.amazon.com/AmazonECS/latest/developerguide/task_definition_parameters.html
########################################
resource "aws_ecs_task_definition" "this" {
  family                   = "prop-prod-backend"
  requires_compatibilities = ["FARGATE"]
  network_mode             = "awsvpc"
  cpu                      = "256"
  memory                   = "512"
  execution_role_arn       = aws_iam_role.task_exec.arn
  task_role_arn            = aws_iam_role.task.arn
  container_definitions = jsonencode([
    {
      name      = "backend"
      image     = "${var.repository_url_backend}${startswith(var.image_tag, "sha256:") ? "@" : ":"}${var.image_tag}"
      essential = true
      portMappings = [
        {
          containerPort = 80
          hostPort      = 80
          protocol      = "tcp"
        },
      ]
      environment = [
        {
          name  = "DB_HOST"
          value = var.database_main_address
        },
        {
          name  = "DB_NAME"
          value = "main"
        },
        {
          name  = "DB_PORT"
          value = "5432"
        },
        {
          name  = "PORT"
          value = "80"
        },
      ]
      secrets = [
        {
          name      = "DB_PASSWORD"
          valueFrom = "${var.database_main_secret_arn}:password::"
        },
        {
          name      = "DB_USER"
          valueFrom = "${var.database_main_secret_arn}:username::"
        },
      ]
      readonlyRootFilesystem = false
      logConfiguration = {
        logDriver = "awslogs"
        options = {
          awslogs-group         = aws_cloudwatch_log_group.this.name
          awslogs-region        = "ap-south-1"
          awslogs-stream-prefix = "backend"
        }
      }
    },
  ])

  runtime_platform {
    operating_system_family = "LINUX"
    cpu_architecture        = "X86_64"
  }
}
