provider "aws" {
  region = "us-east-1"

  default_tags {
    tags = {
      Project     = "sky-high-booker"
      Environment = "prod"
      ManagedBy   = "berth"
    }
  }
}
