variable "cluster_name" {
  description = "Name of the EKS cluster, e.g. bazaar-prod."
  type        = string
}

variable "kubernetes_version" {
  description = "Kubernetes minor version of the control plane and the managed node group, e.g. 1.33."
  type        = string
}

variable "subnet_ids" {
  description = "Private subnets (one per availability zone) for the control plane's network interfaces and the nodes."
  type        = list(string)
}

variable "endpoint_public_access" {
  description = "Whether the Kubernetes API answers on a public address too (restricted to public_access_cidrs); the private endpoint is always on."
  type        = bool
  default     = true
}

variable "public_access_cidrs" {
  description = "Address ranges allowed to reach the public Kubernetes API endpoint (the operators' and CI's)."
  type        = list(string)
  default     = []
}

variable "admin_role_arns" {
  description = "IAM roles granted cluster-admin through EKS access entries (besides whoever creates the cluster)."
  type        = list(string)
  default     = []
}

variable "node_instance_types" {
  description = "EC2 instance types of the managed node group, in order of preference."
  type        = list(string)
  default     = ["m6i.large", "m5.large"]
}

variable "node_capacity_type" {
  description = "ON_DEMAND or SPOT for the managed node group."
  type        = string
  default     = "ON_DEMAND"

  validation {
    condition     = contains(["ON_DEMAND", "SPOT"], var.node_capacity_type)
    error_message = "node_capacity_type is ON_DEMAND or SPOT."
  }
}

variable "node_min_size" {
  description = "Fewest nodes the autoscaler may leave; three keeps one node per availability zone."
  type        = number
  default     = 3
}

variable "node_max_size" {
  description = "Most nodes the autoscaler may start."
  type        = number
  default     = 12
}

variable "node_desired_size" {
  description = "Nodes at creation; afterwards the cluster autoscaler owns the number, and Terraform ignores it."
  type        = number
  default     = 3

  validation {
    condition     = var.node_desired_size >= var.node_min_size && var.node_desired_size <= var.node_max_size
    error_message = "node_desired_size lies between node_min_size and node_max_size."
  }
}

variable "node_disk_size" {
  description = "Root volume of each node, in GiB."
  type        = number
  default     = 50
}

variable "log_retention_days" {
  description = "Days the control plane's logs are kept in CloudWatch."
  type        = number
  default     = 90
}

variable "tags" {
  description = "Tags added to every resource."
  type        = map(string)
  default     = {}
}
