################################################
# KMS key of the repositories (rotated yearly)
################################################
resource "aws_kms_key" "ecr" {
  description             = "task-api-staging: ECR repositories"
  enable_key_rotation     = true
  deletion_window_in_days = 7

  tags = {
    Name = "task-api-staging-ecr"
  }
}

resource "aws_kms_alias" "ecr" {
  name          = "alias/task-api-staging-ecr"
  target_key_id = aws_kms_key.ecr.key_id
}

########################################
# ECR repositories
# https://docs.aws.amazon.com/AmazonECR/latest/userguide/LifecyclePolicies.html
########################################
resource "aws_ecr_repository" "api" {
  name                 = "task-api-staging-api"
  image_tag_mutability = "MUTABLE"
  force_delete         = false

  image_scanning_configuration {
    scan_on_push = true
  }

  encryption_configuration {
    encryption_type = "KMS"
    kms_key         = aws_kms_key.ecr.arn
  }
}

resource "aws_ecr_lifecycle_policy" "api" {
  repository = aws_ecr_repository.api.name
  policy = jsonencode({
    rules = [
      {
        rulePriority = 1
        description  = "Expire untagged images after 7 days"
        selection = {
          tagStatus   = "untagged"
          countType   = "sinceImagePushed"
          countUnit   = "days"
          countNumber = 7
        }
        action = {
          type = "expire"
        }
      },
      {
        rulePriority = 2
        description  = "Keep the last 10 tagged images"
        selection = {
          tagStatus      = "tagged"
          tagPatternList = ["*"]
          countType      = "imageCountMoreThan"
          countNumber    = 10
        }
        action = {
          type = "expire"
        }
      },
    ]
  })
}
