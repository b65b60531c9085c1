#################################################################
# Target group and listener rules on the internal load balancer
# https://docs.aws.amazon.com/elasticloadbalancing/latest/application/load-balancer-target-groups.html
#################################################################
resource "aws_lb_target_group" "internal" {
  name                 = "skyfox-devprod-payment-service"
  port                 = 8082
  protocol             = "HTTP"
  vpc_id               = var.vpc_id
  target_type          = "ip"
  deregistration_delay = 30

  health_check {
    enabled             = true
    path                = "/pshealth"
    protocol            = "HTTP"
    port                = "traffic-port"
    interval            = 30
    timeout             = 5
    healthy_threshold   = 3
    unhealthy_threshold = 3
    matcher             = "200"
  }

  tags = {
    Name = "skyfox-devprod-payment-service"
  }
}

resource "aws_lb_listener_rule" "internal" {
  listener_arn = var.alb_internal_listener_arn
  priority     = 100

  action {
    type             = "forward"
    target_group_arn = aws_lb_target_group.internal.arn
  }

  condition {
    path_pattern {
      values = ["/payment-service/*"]
    }
  }
}
