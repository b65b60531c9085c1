########################################
# Load balancer: public
# https://docs.aws.amazon.com/elasticloadbalancing/latest/application/introduction.html
########################################
# No egress here: the stack of each service behind it adds egress from this group to its own.
# Only CloudFront's origin-facing addresses may connect (AWS-managed prefix list).
resource "aws_security_group" "public" {
  name        = "sky-high-booker-prod-public-alb"
  description = "Load balancer sky-high-booker-prod-public: HTTP from CloudFront"
  vpc_id      = var.vpc_id

  tags = {
    Name = "sky-high-booker-prod-public-alb"
  }
}

resource "aws_vpc_security_group_ingress_rule" "public_cloudfront" {
  security_group_id = aws_security_group.public.id
  description       = "HTTP from CloudFront origin-facing addresses"
  prefix_list_id    = var.cloudfront_prefix_list_id_public
  ip_protocol       = "tcp"
  from_port         = 80
  to_port           = 80
}

resource "aws_lb" "public" {
  name                       = "sky-high-booker-prod-public"
  internal                   = false
  load_balancer_type         = "application"
  security_groups            = [aws_security_group.public.id]
  subnets                    = var.public_subnet_ids
  idle_timeout               = 60
  enable_deletion_protection = true
  drop_invalid_header_fields = true

  access_logs {
    bucket  = aws_s3_bucket.this.id
    prefix  = "public"
    enabled = true
  }

  # ELB writes a test object when access logs are turned on, so the bucket policy must exist first.
  depends_on = [aws_s3_bucket_policy.this]
}

resource "aws_lb_listener" "public" {
  load_balancer_arn = aws_lb.public.arn
  port              = 80
  protocol          = "HTTP"

  # Requests go to "web", whose target group lives in its service stack: that stack adds the catch-all
  # rule (or its own "/*" rule). Until it is applied, unmatched requests get this 503.
  default_action {
    type = "fixed-response"

    fixed_response {
      content_type = "text/plain"
      message_body = "No service registered yet"
      status_code  = "503"
    }
  }
}
