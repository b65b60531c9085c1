########################################
# ECS cluster
# https://docs.aws.amazon.com/AmazonECS/latest/developerguide/clusters.html
########################################
resource "aws_ecs_cluster" "this" {
  name = "sarc-ng-staging-cluster"

  setting {
    name  = "containerInsights"
    value = "enabled"
  }
}

resource "aws_ecs_cluster_capacity_providers" "this" {
  cluster_name       = aws_ecs_cluster.this.name
  capacity_providers = ["FARGATE"]

  default_capacity_provider_strategy {
    capacity_provider = "FARGATE"
    base              = 0
    weight            = 1
  }
}
