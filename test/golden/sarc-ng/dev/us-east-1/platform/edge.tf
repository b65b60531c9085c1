#########################################
# DNS names of the public load balancer
# https://docs.aws.amazon.com/Route53/latest/DeveloperGuide/routing-to-elb-load-balancer.html
#########################################
resource "aws_route53_record" "public" {
  for_each = toset(["dev.sarc-ng.example.com"])

  zone_id = var.zone_id
  name    = each.value
  type    = "A"

  alias {
    name                   = aws_lb.public.dns_name
    zone_id                = aws_lb.public.zone_id
    evaluate_target_health = true
  }
}
