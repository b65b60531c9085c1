########################################
# Load balancer: public
# https://docs.aws.amazon.com/elasticloadbalancing/latest/application/introduction.html
########################################
# No egress here: the stack of each service behind it adds egress from this group to its own.
resource "aws_security_group" "public" {
  name        = "prop-staging-public-alb"
  description = "Load balancer prop-staging-public: HTTP from the internet"
  vpc_id      = var.vpc_id

  tags = {
    Name = "prop-staging-public-alb"
  }
}

resource "aws_vpc_security_group_ingress_rule" "public_http" {
  security_group_id = aws_security_group.public.id
  description       = "HTTP from the internet"
  cidr_ipv4         = "0.0.0.0/0"
  ip_protocol       = "tcp"
  from_port         = 80
  to_port           = 80
}

resource "aws_lb" "public" {
  name                       = "prop-staging-public"
  internal                   = false
  load_balancer_type         = "application"
  security_groups            = [aws_security_group.public.id]
  subnets                    = var.public_subnet_ids
  idle_timeout               = 60
  enable_deletion_protection = false
  drop_invalid_header_fields = true
}

resource "aws_lb_listener" "public" {
  load_balancer_arn = aws_lb.public.arn
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
