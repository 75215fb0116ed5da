resource "aws_kms_key" "this" {
  description         = "${var.prefix}: Secrets Manager secrets"
  enable_key_rotation = true
  tags                = var.tags
}

resource "aws_kms_alias" "this" {
  name          = "alias/${replace(var.prefix, "/", "-")}-secrets"
  target_key_id = aws_kms_key.this.key_id
}

# Passwords without punctuation, so that they sit unquoted in a connection string.
resource "random_password" "database" {
  for_each = toset(var.services)
  length   = 40
  special  = false
}

resource "aws_secretsmanager_secret" "database" {
  for_each                = toset(var.services)
  name                    = "${var.prefix}/${each.key}/database"
  description             = "PostgreSQL login of the ${each.key} service, which owns the database ${var.database_prefix}${each.key}"
  kms_key_id              = aws_kms_key.this.arn
  recovery_window_in_days = var.recovery_window_days
  tags                    = merge(var.tags, { "bazaar.io/service" = each.key })
}

resource "aws_secretsmanager_secret_version" "database" {
  for_each  = toset(var.services)
  secret_id = aws_secretsmanager_secret.database[each.key].id
  secret_string = jsonencode({
    host     = var.database.host
    port     = var.database.port
    database = "${var.database_prefix}${each.key}"
    username = "${var.database_prefix}${each.key}"
    password = random_password.database[each.key].result
    # RDS refuses unencrypted connections (rds.force_ssl); VerifyFull needs the RDS CA bundle in the image.
    sslMode          = "Require"
    connectionString = "Host=${var.database.host};Port=${var.database.port};Database=${var.database_prefix}${each.key};Username=${var.database_prefix}${each.key};Password=${random_password.database[each.key].result};SSL Mode=Require"
  })
}

# Identity signs access tokens with an RSA key read from its key directory (Bazaar:Auth:KeyDirectory); the file
# name carries the key id after its last dash, so the key id is hex, without dashes.
resource "tls_private_key" "jwt" {
  algorithm = "RSA"
  rsa_bits  = 2048
}

resource "random_id" "jwt_key_id" {
  byte_length = 12
  keepers = {
    key = tls_private_key.jwt.public_key_pem
  }
}

resource "time_static" "jwt_created" {
  triggers = {
    key = tls_private_key.jwt.public_key_pem
  }
}

resource "aws_secretsmanager_secret" "jwt" {
  name                    = "${var.prefix}/identity/jwt-signing-key"
  description             = "RSA key identity signs access tokens with; mounted as the file fileName in Bazaar:Auth:KeyDirectory"
  kms_key_id              = aws_kms_key.this.arn
  recovery_window_in_days = var.recovery_window_days
  tags                    = merge(var.tags, { "bazaar.io/service" = "identity" })
}

resource "aws_secretsmanager_secret_version" "jwt" {
  secret_id = aws_secretsmanager_secret.jwt.id
  secret_string = jsonencode({
    keyId    = random_id.jwt_key_id.hex
    fileName = "signing-${formatdate("YYYYMMDDhhmmss", time_static.jwt_created.rfc3339)}-${random_id.jwt_key_id.hex}.pem"
    pem      = tls_private_key.jwt.private_key_pem_pkcs8
  })
}

resource "random_password" "admin" {
  length  = 32
  special = false
}

resource "aws_secretsmanager_secret" "admin" {
  name                    = "${var.prefix}/identity/admin"
  description             = "The shop's first administrator (Bazaar:Admin:Email and Bazaar:Admin:Password)"
  kms_key_id              = aws_kms_key.this.arn
  recovery_window_in_days = var.recovery_window_days
  tags                    = merge(var.tags, { "bazaar.io/service" = "identity" })
}

resource "aws_secretsmanager_secret_version" "admin" {
  secret_id = aws_secretsmanager_secret.admin.id
  secret_string = jsonencode({
    email    = var.admin_email
    password = random_password.admin.result
  })
}

# The SMTP relay's credentials come from the mail provider, so Terraform makes the secret and an operator puts the
# value: {"host", "port", "username", "password"} (see the README).
resource "aws_secretsmanager_secret" "smtp" {
  name                    = "${var.prefix}/notification/smtp"
  description             = "SMTP relay of the notification service: host, port, username, password (Bazaar:Notification:Smtp*)"
  kms_key_id              = aws_kms_key.this.arn
  recovery_window_in_days = var.recovery_window_days
  tags                    = merge(var.tags, { "bazaar.io/service" = "notification" })
}

resource "random_password" "payment_webhook" {
  length  = 48
  special = false
}

resource "aws_secretsmanager_secret" "payment_webhook" {
  name                    = "${var.prefix}/payment/webhook-secret"
  description             = "Shared secret of the card processor's webhook signatures (Bazaar:Payment:WebhookSecret)"
  kms_key_id              = aws_kms_key.this.arn
  recovery_window_in_days = var.recovery_window_days
  tags                    = merge(var.tags, { "bazaar.io/service" = "payment" })
}

resource "aws_secretsmanager_secret_version" "payment_webhook" {
  secret_id = aws_secretsmanager_secret.payment_webhook.id
  secret_string = jsonencode({
    "webhook-secret" = random_password.payment_webhook.result
  })
}

resource "aws_secretsmanager_secret" "redis" {
  name                    = "${var.prefix}/redis"
  description             = "ElastiCache Redis endpoint and AUTH token; configuration is the StackExchange.Redis string for Bazaar:Redis:Configuration"
  kms_key_id              = aws_kms_key.this.arn
  recovery_window_in_days = var.recovery_window_days
  tags                    = var.tags
}

resource "aws_secretsmanager_secret_version" "redis" {
  secret_id = aws_secretsmanager_secret.redis.id
  secret_string = jsonencode({
    host          = var.redis.host
    port          = var.redis.port
    password      = var.redis.auth_token
    configuration = "${var.redis.host}:${var.redis.port},ssl=true,password=${var.redis.auth_token},abortConnect=false"
  })
}
