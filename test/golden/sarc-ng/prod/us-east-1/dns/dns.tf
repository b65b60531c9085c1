########################################
# Hosted zone
# https://docs.aws.amazon.com/Route53/latest/DeveloperGuide/AboutHZWorkingWith.html
########################################
resource "aws_route53_zone" "this" {
  name    = "sarc-ng.example.com"
  comment = "sarc-ng.example.com, managed by berth. Delegate to its name servers (output name_servers)."
}

########################################
# Certificate, validated through DNS
# https://docs.aws.amazon.com/acm/latest/userguide/dns-validation.html
########################################
resource "aws_acm_certificate" "this" {
  domain_name               = "sarc-ng.example.com"
  subject_alternative_names = ["*.sarc-ng.example.com"]
  validation_method         = "DNS"
  key_algorithm             = "RSA_2048"

  tags = {
    Name = "sarc-ng.example.com"
  }

  # A replacement certificate is issued before the old one goes, so listeners never lose theirs.
  lifecycle {
    create_before_destroy = true
  }
}

# One record per name the model knows in advance (the wildcard shares the apex's record), so for_each
# keys are known at plan time, before the certificate exists.
resource "aws_route53_record" "validation" {
  for_each = toset(["sarc-ng.example.com"])

  zone_id         = aws_route53_zone.this.zone_id
  name            = one([for o in aws_acm_certificate.this.domain_validation_options : o.resource_record_name if o.domain_name == each.key])
  type            = one([for o in aws_acm_certificate.this.domain_validation_options : o.resource_record_type if o.domain_name == each.key])
  records         = [one([for o in aws_acm_certificate.this.domain_validation_options : o.resource_record_value if o.domain_name == each.key])]
  ttl             = 60
  allow_overwrite = true
}

resource "aws_acm_certificate_validation" "this" {
  certificate_arn         = aws_acm_certificate.this.arn
  validation_record_fqdns = [for r in aws_route53_record.validation : r.fqdn]
}
