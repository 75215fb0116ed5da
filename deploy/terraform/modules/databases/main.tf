# One login role and one database per service: a service cannot read another's tables (DESIGN.md, section 2).
resource "postgresql_role" "service" {
  for_each         = toset(var.services)
  name             = "${var.database_prefix}${each.key}"
  login            = true
  password         = var.passwords[each.key]
  connection_limit = var.connection_limit
}

resource "postgresql_database" "service" {
  for_each = toset(var.services)
  name     = "${var.database_prefix}${each.key}"
  owner    = postgresql_role.service[each.key].name
  # RDS's template1 is UTF-8 in the instance's default locale, which the new database inherits.
  encoding = "UTF8"
}

# PostgreSQL lets every role connect to every database by default; only the owner may connect to a service's.
resource "postgresql_grant" "no_public_connect" {
  for_each    = toset(var.services)
  database    = postgresql_database.service[each.key].name
  role        = "public"
  object_type = "database"
  privileges  = []
}
