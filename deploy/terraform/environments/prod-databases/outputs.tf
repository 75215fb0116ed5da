output "databases" {
  description = "Name of each service's database, by service."
  value       = module.databases.databases
}

output "roles" {
  description = "Name of each service's login role, by service."
  value       = module.databases.roles
}
