# Partial backend configuration for environments/prod: terraform init -backend-config=backend.hcl
# Replace the bucket and table with the ones of your account (created once, outside this configuration:
# a versioned, encrypted S3 bucket with public access blocked, and a DynamoDB table whose hash key is LockID).
bucket         = "example-terraform-state"
key            = "bazaar/prod/infrastructure.tfstate"
region         = "eu-west-1"
encrypt        = true
dynamodb_table = "example-terraform-locks"
# Terraform 1.10 and later can lock with a lock file in the bucket instead of DynamoDB:
# use_lockfile = true
