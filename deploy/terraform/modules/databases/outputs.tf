output "databases" {
  description = "Name of each service's database, by service."
  value       = { for service, database in postgresql_database.service : service => database.name }
}

output "roles" {
  description = "Name of each service's login role, by service."
  value       = { for service, role in postgresql_role.service : service => role.name }
}
