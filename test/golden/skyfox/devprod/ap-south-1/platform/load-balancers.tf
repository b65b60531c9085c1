########################################
# Load balancer: external
# https://docs.aws.amazon.com/elasticloadbalancing/latest/application/introduction.html
########################################
# No egress here: the stack of each service behind it adds egress from this group to its own.
resource "aws_security_group" "external" {
  name        = "skyfox-devprod-external-alb"
  description = "Load balancer skyfox-devprod-external: HTTP from the internet"
  vpc_id      = var.vpc_id

  tags = {
    Name = "skyfox-devprod-external-alb"
  }
}

resource "aws_vpc_security_group_ingress_rule" "external_http" {
  security_group_id = aws_security_group.external.id
  description       = "HTTP from the internet"
  cidr_ipv4         = "0.0.0.0/0"
  ip_protocol       = "tcp"
  from_port         = 80
  to_port           = 80
}

resource "aws_lb" "external" {
  name                       = "skyfox-devprod-external"
  internal                   = false
  load_balancer_type         = "application"
  security_groups            = [aws_security_group.external.id]
  subnets                    = var.public_subnet_ids
  idle_timeout               = 60
  enable_deletion_protection = true
  drop_invalid_header_fields = true

  access_logs {
    bucket  = aws_s3_bucket.this.id
    prefix  = "external"
    enabled = true
  }

  # ELB writes a test object when access logs are turned on, so the bucket policy must exist first.
  depends_on = [aws_s3_bucket_policy.this]
}

resource "aws_lb_listener" "external" {
  load_balancer_arn = aws_lb.external.arn
  port              = 80
  protocol          = "HTTP"

  # Requests go to "backend", whose target group lives in its service stack: that stack adds the catch-all
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

########################################
# Load balancer: internal
########################################
# No ingress here: the stacks of the services that call it (backend) add rules from their own groups.
# No egress here: the stack of each service behind it adds egress from this group to its own.
resource "aws_security_group" "internal" {
  name        = "skyfox-devprod-internal-alb"
  description = "Load balancer skyfox-devprod-internal: HTTP from the services that call it"
  vpc_id      = var.vpc_id

  tags = {
    Name = "skyfox-devprod-internal-alb"
  }
}

resource "aws_lb" "internal" {
  name                       = "skyfox-devprod-internal"
  internal                   = true
  load_balancer_type         = "application"
  security_groups            = [aws_security_group.internal.id]
  subnets                    = var.private_subnet_ids
  idle_timeout               = 60
  enable_deletion_protection = true
  drop_invalid_header_fields = true

  access_logs {
    bucket  = aws_s3_bucket.this.id
    prefix  = "internal"
    enabled = true
  }

  # ELB writes a test object when access logs are turned on, so the bucket policy must exist first.
  depends_on = [aws_s3_bucket_policy.this]
}

resource "aws_lb_listener" "internal" {
  load_balancer_arn = aws_lb.internal.arn
  port              = 80
  protocol          = "HTTP"

  default_action {
    type = "fixed-response"

    fixed_response {
      content_type = "text/plain"
      message_body = "Not Found"
      status_code  = "404"
    }
  }
}
