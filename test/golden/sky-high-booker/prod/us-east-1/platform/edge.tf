###################################################
# CloudFront in front of the public load balancer
# https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/restrict-access-to-load-balancer.html
###################################################
# Viewers get HTTPS on CloudFront's own domain; CloudFront reaches the load balancer over HTTP, which accepts
# only CloudFront's origin-facing addresses. Caching is off and every viewer header, cookie and query string
# is forwarded, so the application behaves as it does behind the load balancer alone.
resource "aws_cloudfront_distribution" "public" {
  enabled         = true
  is_ipv6_enabled = true
  http_version    = "http2and3"
  comment         = "sky-high-booker-prod-public"
  price_class     = "PriceClass_100"

  origin {
    domain_name = aws_lb.public.dns_name
    origin_id   = "public"

    custom_origin_config {
      http_port              = 80
      https_port             = 443
      origin_protocol_policy = "http-only"
      origin_ssl_protocols   = ["TLSv1.2"]
    }
  }

  default_cache_behavior {
    target_origin_id         = "public"
    viewer_protocol_policy   = "redirect-to-https"
    allowed_methods          = ["DELETE", "GET", "HEAD", "OPTIONS", "PATCH", "POST", "PUT"]
    cached_methods           = ["GET", "HEAD"]
    compress                 = true
    cache_policy_id          = "4135ea2d-6df8-44a3-9df3-4b5a84be39ad"
    origin_request_policy_id = "216adef6-5c7f-47e4-b989-5492eafa07d3"
  }

  restrictions {
    geo_restriction {
      restriction_type = "none"
    }
  }

  viewer_certificate {
    cloudfront_default_certificate = true
  }

  tags = {
    Name = "sky-high-booker-prod-public"
  }
}
