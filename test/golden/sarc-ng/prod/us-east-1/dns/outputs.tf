output "zone_id" {
  description = "ID of the hosted zone of sarc-ng.example.com."
  value       = aws_route53_zone.this.zone_id
}

output "certificate_arn" {
  description = "ARN of the validated ACM certificate for sarc-ng.example.com and *.sarc-ng.example.com."
  value       = aws_acm_certificate_validation.this.certificate_arn
}

output "name_servers" {
  description = "Name servers of the hosted zone: delegate sarc-ng.example.com to them at its registrar or parent zone."
  value       = aws_route53_zone.this.name_servers
}
