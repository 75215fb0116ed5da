# Stage two: one role and one database per service inside the RDS instance of environments/prod, with the
# passwords that stage one generated into each service's Secrets Manager secret. Nothing is passed by hand:
# the instance and the secrets are found by their names.
locals {
  name     = "${var.name}-${var.environment}"
  prefix   = "${var.name}/${var.environment}"
  services = ["identity", "catalog", "inventory", "cart", "ordering", "payment", "notification", "analytics"]
  master   = jsondecode(data.aws_secretsmanager_secret_version.master.secret_string)
}

provider "aws" {
  region = var.region
}

data "aws_db_instance" "shop" {
  db_instance_identifier = local.name
}

data "aws_secretsmanager_secret_version" "master" {
  secret_id = data.aws_db_instance.shop.master_user_secret[0].secret_arn
}

data "aws_secretsmanager_secret_version" "database" {
  for_each  = toset(local.services)
  secret_id = "${local.prefix}/${each.key}/database"
}

provider "postgresql" {
  host     = coalesce(var.database_host_override, data.aws_db_instance.shop.address)
  port     = coalesce(var.database_port_override, data.aws_db_instance.shop.port)
  username = local.master.username
  password = local.master.password
  sslmode  = "require"
  # RDS's master user is not a PostgreSQL superuser.
  superuser       = false
  connect_timeout = 15
}

module "databases" {
  source           = "../../modules/databases"
  services         = local.services
  passwords        = { for service, secret in data.aws_secretsmanager_secret_version.database : service => jsondecode(secret.secret_string).password }
  connection_limit = var.connection_limit
}
