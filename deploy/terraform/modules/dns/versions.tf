terraform {
  required_version = ">= 1.6"

  required_providers {
    aws = {
      source  = "hashicorp/aws"
      version = "~> 6.0"
      # CloudFront only takes certificates from us-east-1.
      configuration_aliases = [aws.us_east_1]
    }
  }
}
