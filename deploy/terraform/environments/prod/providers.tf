provider "aws" {
  region = var.region

  default_tags {
    tags = local.tags
  }
}

# CloudFront takes its certificate from us-east-1 only.
provider "aws" {
  alias  = "us_east_1"
  region = "us-east-1"

  default_tags {
    tags = local.tags
  }
}
