########################################
# Task definition
# https://docs.aws.amazon.com/AmazonECS/latest/developerguide/task_definition_parameters.html
########################################
resource "aws_ecs_task_definition" "this" {
  family                   = "skyfox-devprod-payment-service"
  requires_compatibilities = ["EC2"]
  network_mode             = "awsvpc"
  cpu                      = "230"
  memory                   = "410"
  execution_role_arn       = aws_iam_role.task_exec.arn
  task_role_arn            = aws_iam_role.task.arn
  container_definitions = jsonencode([
    {
      name      = "payment-service"
      image     = "${var.repository_url_payment_service}${startswith(var.image_tag, "sha256:") ? "@" : ":"}${var.image_tag}"
      essential = true
      portMappings = [
        {
          containerPort = 8082
          hostPort      = 8082
          protocol      = "tcp"
        },
      ]
      environment = [
        {
          name  = "PORT"
          value = "8082"
        },
      ]
      readonlyRootFilesystem = false
      logConfiguration = {
        logDriver = "awslogs"
        options = {
          awslogs-group         = aws_cloudwatch_log_group.this.name
          awslogs-region        = "ap-south-1"
          awslogs-stream-prefix = "payment-service"
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
    expression = "attribute:ecs.subnet-id in [${join(", ", var.private_subnet_ids)}]"
  }
}
