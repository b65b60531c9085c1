# State in S3, encrypted, with S3-native lock files (Terraform >= 1.10).
terraform {
  backend "s3" {
    bucket         = "prop-terraform-state"
    key            = "prop/prod/ap-south-1/data.tfstate"
    region         = "ap-south-1"
    encrypt        = true
    use_lockfile   = true
    dynamodb_table = "prop-terraform-locks"
  }
}
