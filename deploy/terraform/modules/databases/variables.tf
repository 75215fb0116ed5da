variable "services" {
  description = "Services that each get a login role and a database of their own, owned by that role."
  type        = list(string)
}

variable "database_prefix" {
  description = "Prefix of each database and role name (Bazaar:Database:Postgres:DatabasePrefix), so identity's is bazaar_identity."
  type        = string
  default     = "bazaar_"
}

variable "passwords" {
  description = "Password of each service's role, by service: the ones stored in its Secrets Manager database secret."
  type        = map(string)
  sensitive   = true
}

variable "connection_limit" {
  description = "Connections one service's role may hold at once, over all its replicas (-1: no limit)."
  type        = number
  default     = 200
}
