terraform {
  required_version = ">= 1.6"

  required_providers {
    aws = {
      source  = "hashicorp/aws"
      version = "~> 6.0"
    }
    postgresql = {
      source  = "cyrilgdn/postgresql"
      version = "~> 1.25"
    }
  }

  # A state of its own (terraform init -backend-config=backend.hcl): this stage needs a network path to RDS,
  # which environments/prod does not, so the two are planned and applied separately.
  backend "s3" {}
}
