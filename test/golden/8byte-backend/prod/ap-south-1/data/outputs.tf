output "database_main_address" {
  description = "Host name of main."
  value       = aws_db_instance.main.address
}

output "database_main_secret_arn" {
  description = "ARN of the Secrets Manager secret holding main's master user name and password (JSON keys username, password)."
  value       = aws_db_instance.main.master_user_secret[0].secret_arn
}

output "database_main_security_group_id" {
  description = "ID of the security group of main; services that use it add their ingress rule."
  value       = aws_security_group.main.id
}

output "kms_secrets_key_arn" {
  description = "ARN of the KMS key of the secrets and parameters (services decrypt with it)."
  value       = aws_kms_key.secrets.arn
}
