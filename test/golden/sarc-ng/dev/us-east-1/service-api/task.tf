########################################
# Task definition
# https://docs.aws.amazon.com/AmazonECS/latest/developerguide/task_definition_parameters.html
########################################
resource "aws_ecs_task_definition" "this" {
  family                   = "sarc-ng-dev-api"
  requires_compatibilities = ["FARGATE"]
  network_mode             = "awsvpc"
  cpu                      = "512"
  memory                   = "1024"
  execution_role_arn       = aws_iam_role.task_exec.arn
  task_role_arn            = aws_iam_role.task.arn
  container_definitions = jsonencode([
    {
      name      = "api"
      image     = "${var.repository_url_api}${startswith(var.image_tag, "sha256:") ? "@" : ":"}${var.image_tag}"
      essential = true
      portMappings = [
        {
          containerPort = 8080
          hostPort      = 8080
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
          value = "sarcng"
        },
        {
          name  = "DB_PORT"
          value = "3306"
        },
        {
          name  = "PORT"
          value = "8080"
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
          awslogs-region        = "us-east-1"
          awslogs-stream-prefix = "api"
        }
      }
    },
  ])

  runtime_platform {
    operating_system_family = "LINUX"
    cpu_architecture        = "X86_64"
  }
}
