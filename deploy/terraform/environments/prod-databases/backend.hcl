# Partial backend configuration for environments/prod-databases: terraform init -backend-config=backend.hcl
bucket         = "example-terraform-state"
key            = "bazaar/prod/databases.tfstate"
region         = "eu-west-1"
encrypt        = true
dynamodb_table = "example-terraform-locks"
