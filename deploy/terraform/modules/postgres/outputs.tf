output "address" {
  description = "Host name of the database (the Multi-AZ instance's DNS name follows a failover)."
  value       = aws_db_instance.this.address
}

output "port" {
  description = "PostgreSQL port."
  value       = aws_db_instance.this.port
}

output "identifier" {
  description = "RDS instance identifier, which the database bootstrap looks the instance up by."
  value       = aws_db_instance.this.identifier
}

output "master_user_secret_arn" {
  description = "ARN of the RDS-managed Secrets Manager secret with the master user's name and password."
  value       = aws_db_instance.this.master_user_secret[0].secret_arn
}

output "security_group_id" {
  description = "Security group of the database."
  value       = aws_security_group.this.id
}
