variable "name" {
  description = "Replication group id and prefix of its companion resources, e.g. bazaar-prod."
  type        = string
}

variable "vpc_id" {
  description = "VPC the cache lives in."
  type        = string
}

variable "subnet_ids" {
  description = "Private subnets, one per availability zone, for the cache subnet group."
  type        = list(string)
}

variable "allowed_security_group_ids" {
  description = "Security groups whose members may connect on the Redis port: the EKS cluster security group (nodes and pods)."
  type        = list(string)
}

variable "engine_version" {
  description = "Redis OSS engine version (Bazaar needs 7)."
  type        = string
  default     = "7.1"
}

variable "node_type" {
  description = "ElastiCache node type."
  type        = string
  default     = "cache.m6g.large"
}

variable "replicas" {
  description = "Read replicas besides the primary; at least one, in another zone, so a failover has somewhere to go."
  type        = number
  default     = 2

  validation {
    condition     = var.replicas >= 1
    error_message = "Multi-AZ failover needs at least one replica."
  }
}

variable "snapshot_retention_days" {
  description = "Days of daily snapshots kept (carts live in Redis)."
  type        = number
  default     = 7
}

variable "tags" {
  description = "Tags added to every resource."
  type        = map(string)
  default     = {}
}
