provider "aws" {
  region = "us-east-1"

  default_tags {
    tags = {
      Project     = "task-api"
      Environment = "staging"
      ManagedBy   = "berth"
    }
  }
}
