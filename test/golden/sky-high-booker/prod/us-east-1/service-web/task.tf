########################################
# Task definition
# https://docs.aws.amazon.com/AmazonECS/latest/developerguide/task_definition_parameters.html
########################################
resource "aws_ecs_task_definition" "this" {
  family                   = "sky-high-booker-prod-web"
  requires_compatibilities = ["FARGATE"]
  network_mode             = "awsvpc"
  cpu                      = "512"
  memory                   = "1024"
  execution_role_arn       = aws_iam_role.task_exec.arn
  task_role_arn            = aws_iam_role.task.arn
  container_definitions = jsonencode([
    {
      name      = "web"
      image     = "${var.repository_url_web}${startswith(var.image_tag, "sha256:") ? "@" : ":"}${var.image_tag}"
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
          name  = "PORT"
          value = "80"
        },
      ]
      readonlyRootFilesystem = false
      logConfiguration = {
        logDriver = "awslogs"
        options = {
          awslogs-group         = aws_cloudwatch_log_group.this.name
          awslogs-region        = "us-east-1"
          awslogs-stream-prefix = "web"
        }
      }
    },
  ])

  runtime_platform {
    operating_system_family = "LINUX"
    cpu_architecture        = "X86_64"
  }
}
