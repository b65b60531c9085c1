provider "aws" {
  region = "us-east-1"

  default_tags {
    tags = {
      Project     = "sarc-ng"
      Environment = "prod"
      ManagedBy   = "berth"
    }
  }
}
