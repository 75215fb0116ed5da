# Example values for the database bootstrap of the production shop: terraform apply -var-file=prod.tfvars
region      = "eu-west-1"
name        = "bazaar"
environment = "prod"

# Through an SSM port forward to RDS (see the README); leave both out when Terraform runs inside the VPC.
database_host_override = "127.0.0.1"
database_port_override = 15432

connection_limit = 200
