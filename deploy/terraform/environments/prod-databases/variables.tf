variable "region" {
  description = "AWS region of the shop."
  type        = string
}

variable "name" {
  description = "The system's name, as in environments/prod."
  type        = string
  default     = "bazaar"
}

variable "environment" {
  description = "Environment name, as in environments/prod."
  type        = string
  default     = "prod"
}

variable "database_host_override" {
  description = "Where to reach PostgreSQL from the machine running Terraform when that is not the RDS address, e.g. 127.0.0.1 through an SSM port forward; null uses the RDS address."
  type        = string
  default     = null
}

variable "database_port_override" {
  description = "Local port of that port forward; null uses the RDS port."
  type        = number
  default     = null
}

variable "connection_limit" {
  description = "Connections one service's role may hold at once, over all its replicas."
  type        = number
  default     = 200
}
