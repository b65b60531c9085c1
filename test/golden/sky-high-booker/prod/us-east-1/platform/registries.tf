################################################
# KMS key of the repositories (rotated yearly)
################################################
resource "aws_kms_key" "ecr" {
  description             = "sky-high-booker-prod: ECR repositories"
  enable_key_rotation     = true
  deletion_window_in_days = 30

  tags = {
    Name = "sky-high-booker-prod-ecr"
  }
}

resource "aws_kms_alias" "ecr" {
  name          = "alias/sky-high-booker-prod-ecr"
  target_key_id = aws_kms_key.ecr.key_id
}

########################################
# ECR repositories
# https://docs.aws.amazon.com/AmazonECR/latest/userguide/LifecyclePolicies.html
########################################
resource "aws_ecr_repository" "web" {
  name                 = "sky-high-booker-prod-web"
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

resource "aws_ecr_lifecycle_policy" "web" {
  repository = aws_ecr_repository.web.name
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
        description  = "Keep the last 10 images tagged latest*"
        selection = {
          tagStatus     = "tagged"
          tagPrefixList = ["latest"]
          countType     = "imageCountMoreThan"
          countNumber   = 10
        }
        action = {
          type = "expire"
        }
      },
    ]
  })
}
