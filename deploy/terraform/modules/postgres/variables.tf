variable "name" {
  description = "Identifier of the RDS instance and prefix of its companion resources, e.g. bazaar-prod."
  type        = string
}

variable "vpc_id" {
  description = "VPC the database lives in."
  type        = string
}

variable "subnet_ids" {
  description = "Private subnets in at least two availability zones for the DB subnet group."
  type        = list(string)
}

variable "allowed_security_group_ids" {
  description = "Security groups whose members may connect on the PostgreSQL port: the EKS cluster security group (nodes and pods)."
  type        = list(string)
}

variable "engine_version" {
  description = "PostgreSQL major version (Bazaar needs 15 or later); minor versions are upgraded automatically."
  type        = string
  default     = "17"
}

variable "instance_class" {
  description = "RDS instance class."
  type        = string
  default     = "db.m6g.large"
}

variable "allocated_storage" {
  description = "Initial storage in GiB."
  type        = number
  default     = 100
}

variable "max_allocated_storage" {
  description = "Ceiling in GiB for storage autoscaling."
  type        = number
  default     = 500
}

variable "max_connections" {
  description = "PostgreSQL max_connections: every replica of every service keeps a pool (Bazaar:Database:Postgres:MaxPoolSize, 20 by default)."
  type        = number
  default     = 1000
}

variable "backup_retention_days" {
  description = "Days of automated backups and point-in-time recovery."
  type        = number
  default     = 14
}

variable "deletion_protection" {
  description = "Refuse to delete the instance (turn off deliberately before a destroy)."
  type        = bool
  default     = true
}

variable "tags" {
  description = "Tags added to every resource."
  type        = map(string)
  default     = {}
}
