############################################################
# Load balancer access logs: prop-prod-ap-south-1-alb-logs
# https://docs.aws.amazon.com/elasticloadbalancing/latest/application/enable-access-logging.html
############################################################
resource "aws_s3_bucket" "this" {
  bucket        = "prop-prod-ap-south-1-alb-logs"
  force_destroy = false
}

resource "aws_s3_bucket_public_access_block" "this" {
  bucket                  = aws_s3_bucket.this.id
  block_public_acls       = true
  block_public_policy     = true
  ignore_public_acls      = true
  restrict_public_buckets = true
}

resource "aws_s3_bucket_ownership_controls" "this" {
  bucket = aws_s3_bucket.this.id

  rule {
    object_ownership = "BucketOwnerEnforced"
  }
}

# SSE-S3: the only encryption ALB log delivery supports.
resource "aws_s3_bucket_server_side_encryption_configuration" "this" {
  bucket = aws_s3_bucket.this.id

  rule {
    apply_server_side_encryption_by_default {
      sse_algorithm = "AES256"
    }
  }
}

# One rule per load balancer: each keeps its logs for its own retention.
resource "aws_s3_bucket_lifecycle_configuration" "this" {
  bucket = aws_s3_bucket.this.id

  rule {
    id     = "expire-public"
    status = "Enabled"

    filter {
      prefix = "public/"
    }

    expiration {
      days = 90
    }
  }
}

resource "aws_s3_bucket_policy" "this" {
  bucket = aws_s3_bucket.this.id
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Sid    = "AllowLoadBalancerLogDelivery"
        Effect = "Allow"
        Principal = {
          AWS = "arn:aws:iam::718504428378:root"
        }
        Action   = "s3:PutObject"
        Resource = ["${aws_s3_bucket.this.arn}/public/AWSLogs/*"]
      },
      {
        Sid       = "DenyInsecureTransport"
        Effect    = "Deny"
        Principal = "*"
        Action    = "s3:*"
        Resource  = [aws_s3_bucket.this.arn, "${aws_s3_bucket.this.arn}/*"]
        Condition = {
          Bool = {
            "aws:SecureTransport" = "false"
          }
        }
      },
    ]
  })

  # S3 aborts concurrent changes to one bucket's configuration; the policy goes after Block Public Access.
  depends_on = [aws_s3_bucket_public_access_block.this]
}
