output "prefix" {
  description = "Start of every secret's name (bazaar/<environment>), which the external-secrets role may read below."
  value       = var.prefix
}

output "kms_key_arn" {
  description = "KMS key the secrets are encrypted with; readers need kms:Decrypt on it."
  value       = aws_kms_key.this.arn
}

output "database_secret_names" {
  description = "Name of each service's database secret, by service (keys host, port, database, username, password, sslMode, connectionString)."
  value       = { for service, secret in aws_secretsmanager_secret.database : service => secret.name }
}

output "secret_names" {
  description = "Names of the other secrets: jwt_signing_key, admin, smtp, payment_webhook, redis."
  value = {
    jwt_signing_key = aws_secretsmanager_secret.jwt.name
    admin           = aws_secretsmanager_secret.admin.name
    smtp            = aws_secretsmanager_secret.smtp.name
    payment_webhook = aws_secretsmanager_secret.payment_webhook.name
    redis           = aws_secretsmanager_secret.redis.name
  }
}

output "secret_arns" {
  description = "ARNs of every secret this module made, for IAM policies."
  value = concat(
    [for secret in aws_secretsmanager_secret.database : secret.arn],
    [aws_secretsmanager_secret.jwt.arn, aws_secretsmanager_secret.admin.arn, aws_secretsmanager_secret.smtp.arn,
    aws_secretsmanager_secret.payment_webhook.arn, aws_secretsmanager_secret.redis.arn],
  )
}
