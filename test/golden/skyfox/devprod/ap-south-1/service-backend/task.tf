########################################
# Task definition
# https://docs.aws.amazon.com/AmazonECS/latest/developerguide/task_definition_parameters.html
########################################
resource "aws_ecs_task_definition" "this" {
  family                   = "skyfox-devprod-backend"
  requires_compatibilities = ["EC2"]
  network_mode             = "bridge"
  cpu                      = "475"
  memory                   = "819"
  execution_role_arn       = aws_iam_role.task_exec.arn
  task_role_arn            = aws_iam_role.task.arn
  container_definitions = jsonencode([
    {
      name      = "backend"
      image     = "${var.repository_url_backend}${startswith(var.image_tag, "sha256:") ? "@" : ":"}${var.image_tag}"
      essential = true
      portMappings = [
        {
          containerPort = 8080
          hostPort      = 0
          protocol      = "tcp"
        },
      ]
      environment = [
        {
          name  = "MOVIE_SERVICE_URL"
          value = "http://${var.alb_internal_dns_name}/movie-service"
        },
        {
          name  = "PAYMENT_SERVICE_URL"
          value = "http://${var.alb_internal_dns_name}/payment-service"
        },
        {
          name  = "PORT"
          value = "8080"
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
    cpu_architecture        = "ARM64"
  }

  # Keeps the service on instances of its own subnet tier.
  placement_constraints {
    type       = "memberOf"
    expression = "attribute:ecs.subnet-id in [${join(", ", var.public_subnet_ids)}]"
  }
}
