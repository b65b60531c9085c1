# State in S3, encrypted, with S3-native lock files (Terraform >= 1.10).
terraform {
  backend "s3" {
    bucket         = "sarc-ng-terraform-state"
    key            = "sarc-ng/staging/us-east-1/service-api.tfstate"
    region         = "us-east-1"
    encrypt        = true
    use_lockfile   = true
    dynamodb_table = "sarc-ng-terraform-locks"
  }
}
