provider "aws" {
  region = "ap-south-1"

  default_tags {
    tags = {
      Project     = "prop"
      Environment = "staging"
      ManagedBy   = "berth"
    }
  }
}
