variable "region" {
  description = "AWS region of the shop (everything but CloudFront's certificate, which is always in us-east-1)."
  type        = string
}

variable "name" {
  description = "The system's name: first part of resource names (bazaar-prod) and of secret names (bazaar/prod/...)."
  type        = string
  default     = "bazaar"
}

variable "environment" {
  description = "Environment name: second part of resource names and of secret names."
  type        = string
  default     = "prod"
}

variable "availability_zones" {
  description = "The three availability zones to use; empty picks the region's first three."
  type        = list(string)
  default     = []
}

variable "vpc_cidr" {
  description = "IPv4 range of the VPC."
  type        = string
  default     = "10.40.0.0/16"
}

variable "single_nat_gateway" {
  description = "One NAT gateway instead of one per zone (cheaper; an outage of its zone cuts every zone's egress)."
  type        = bool
  default     = false
}

variable "kubernetes_version" {
  description = "Kubernetes minor version of the EKS cluster."
  type        = string
  default     = "1.33"
}

variable "cluster_public_access_cidrs" {
  description = "Address ranges allowed to reach the Kubernetes API's public endpoint (operators, CI)."
  type        = list(string)
}

variable "cluster_admin_role_arns" {
  description = "IAM roles given cluster-admin on the EKS cluster (e.g. the operators' SSO role, the CI deploy role)."
  type        = list(string)
  default     = []
}

variable "node_instance_types" {
  description = "Instance types of the managed node group."
  type        = list(string)
  default     = ["m6i.large", "m5.large"]
}

variable "node_capacity_type" {
  description = "ON_DEMAND or SPOT."
  type        = string
  default     = "ON_DEMAND"
}

variable "node_min_size" {
  description = "Fewest nodes in the managed node group."
  type        = number
  default     = 3
}

variable "node_max_size" {
  description = "Most nodes in the managed node group."
  type        = number
  default     = 12
}

variable "node_desired_size" {
  description = "Nodes at creation (the cluster autoscaler owns the number afterwards)."
  type        = number
  default     = 3
}

variable "postgres_engine_version" {
  description = "PostgreSQL major version of the RDS instance."
  type        = string
  default     = "17"
}

variable "postgres_instance_class" {
  description = "RDS instance class."
  type        = string
  default     = "db.m6g.large"
}

variable "postgres_allocated_storage" {
  description = "Initial RDS storage in GiB."
  type        = number
  default     = 100
}

variable "postgres_max_allocated_storage" {
  description = "Ceiling in GiB for RDS storage autoscaling."
  type        = number
  default     = 500
}

variable "redis_node_type" {
  description = "ElastiCache node type."
  type        = string
  default     = "cache.m6g.large"
}

variable "redis_replicas" {
  description = "Redis replicas besides the primary (at least one for Multi-AZ failover)."
  type        = number
  default     = 2
}

variable "domain_name" {
  description = "The shop's host name, e.g. shop.example.com (the CDN is cdn.<domain_name>)."
  type        = string
}

variable "create_dns_zone" {
  description = "Create the Route 53 hosted zone for domain_name (and delegate to its name servers) rather than use an existing one."
  type        = bool
  default     = true
}

variable "shop_load_balancer_name" {
  description = "Name of the ALB the ingress made (its alb.ingress.kubernetes.io/load-balancer-name); set it after the first deploy to point the shop's DNS records at it."
  type        = string
  default     = null
}

variable "assets_bucket_name" {
  description = "Name of the static assets and product images bucket; null makes <name>-<environment>-assets-<account id>."
  type        = string
  default     = null
}

variable "waf_rate_limit" {
  description = "Requests one client address may send in 5 minutes before the WAF blocks it."
  type        = number
  default     = 2000
}

variable "admin_email" {
  description = "E-mail address of the shop's first administrator; the password is generated into Secrets Manager."
  type        = string
}

variable "kubernetes_namespace" {
  description = "Namespace the Bazaar services run in (their service accounts are named after the services)."
  type        = string
  default     = "bazaar"
}

variable "secret_recovery_window_days" {
  description = "Days a deleted secret can still be restored."
  type        = number
  default     = 30
}

variable "tags" {
  description = "Tags added to every resource besides bazaar.io/environment and managed-by."
  type        = map(string)
  default     = {}
}
