###############################################################
# Target group and listener rules on the public load balancer
# https://docs.aws.amazon.com/elasticloadbalancing/latest/application/load-balancer-target-groups.html
###############################################################
resource "aws_lb_target_group" "public" {
  name                 = "sarc-ng-dev-api"
  port                 = 8080
  protocol             = "HTTP"
  vpc_id               = var.vpc_id
  target_type          = "ip"
  deregistration_delay = 30

  health_check {
    enabled             = true
    path                = "/health"
    protocol            = "HTTP"
    port                = "traffic-port"
    interval            = 30
    timeout             = 5
    healthy_threshold   = 3
    unhealthy_threshold = 3
    matcher             = "200"
  }

  tags = {
    Name = "sarc-ng-dev-api"
  }
}

resource "aws_lb_listener_rule" "public" {
  listener_arn = var.alb_public_listener_arn
  priority     = 100

  action {
    type             = "forward"
    target_group_arn = aws_lb_target_group.public.arn
  }

  condition {
    path_pattern {
      values = ["/*"]
    }
  }
}
