# State in S3, encrypted, with S3-native lock files (Terraform >= 1.10).
terraform {
  backend "s3" {
    bucket         = "task-api-terraform-state"
    key            = "task-api/prod/us-east-1/dns.tfstate"
    region         = "us-east-1"
    encrypt        = true
    use_lockfile   = true
    dynamodb_table = "task-api-terraform-locks"
  }
}
