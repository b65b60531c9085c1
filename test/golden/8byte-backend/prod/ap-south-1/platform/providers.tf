provider "aws" {
  region = "ap-south-1"

  default_tags {
    tags = {
      Project     = "prop"
      Environment = "prod"
      ManagedBy   = "berth"
    }
  }
}
