########################################
# ECS cluster
# https://docs.aws.amazon.com/AmazonECS/latest/developerguide/clusters.html
########################################
resource "aws_ecs_cluster" "this" {
  name = "skyfox-devprod-cluster"

  setting {
    name  = "containerInsights"
    value = "enabled"
  }
}

resource "aws_ecs_cluster_capacity_providers" "this" {
  cluster_name       = aws_ecs_cluster.this.name
  capacity_providers = [aws_ecs_capacity_provider.this.name]

  default_capacity_provider_strategy {
    capacity_provider = aws_ecs_capacity_provider.this.name
    base              = 0
    weight            = 1
  }
}
