variable "name" {
  description = "Prefix of every resource name, e.g. bazaar-prod."
  type        = string
}

variable "cidr_block" {
  description = "The VPC's IPv4 range; each subnet takes a /20 (public) or /19 (private) slice of it."
  type        = string
  default     = "10.40.0.0/16"
}

variable "availability_zones" {
  description = "Exactly three availability zones of the region, one public and one private subnet in each."
  type        = list(string)

  validation {
    condition     = length(var.availability_zones) == 3
    error_message = "Bazaar's network spans exactly three availability zones."
  }
}

variable "cluster_name" {
  description = "Name of the EKS cluster that will run in this VPC; subnets carry its discovery tags for the load balancer controller and Karpenter."
  type        = string
}

variable "single_nat_gateway" {
  description = "One NAT gateway for all zones (cheaper, for non-production) instead of one per zone."
  type        = bool
  default     = false
}

variable "tags" {
  description = "Tags added to every resource."
  type        = map(string)
  default     = {}
}
