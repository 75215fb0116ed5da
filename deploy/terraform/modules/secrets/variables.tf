variable "prefix" {
  description = "Start of every secret's name, bazaar/<environment>; the secrets are <prefix>/<service>/<what>."
  type        = string
}

variable "services" {
  description = "Services that get a database of their own, and so a database secret each."
  type        = list(string)
}

variable "database" {
  description = "Where the services' PostgreSQL answers."
  type = object({
    host = string
    port = number
  })
}

variable "database_prefix" {
  description = "Prefix of each service's database and role name (Bazaar:Database:Postgres:DatabasePrefix)."
  type        = string
  default     = "bazaar_"
}

variable "redis" {
  description = "Where Redis answers and the AUTH token it asks for."
  type = object({
    host       = string
    port       = number
    auth_token = string
  })
  sensitive = true
}

variable "admin_email" {
  description = "E-mail address of the shop's first administrator (Bazaar:Admin:Email); the password is generated."
  type        = string
}

variable "recovery_window_days" {
  description = "Days a deleted secret can still be restored (0 deletes at once, for throw-away environments)."
  type        = number
  default     = 30
}

variable "tags" {
  description = "Tags added to every resource."
  type        = map(string)
  default     = {}
}
