variable "role_name" {
  description = "Name of the IAM role, e.g. bazaar-prod-catalog."
  type        = string
}

variable "oidc_provider_arn" {
  description = "ARN of the EKS cluster's IAM OIDC provider."
  type        = string
}

variable "oidc_issuer" {
  description = "The cluster's OIDC issuer without https:// (the prefix of the :sub and :aud condition keys)."
  type        = string
}

variable "namespace" {
  description = "Kubernetes namespace of the service account allowed to take the role."
  type        = string
}

variable "service_account" {
  description = "Name of the Kubernetes service account allowed to take the role; it carries the annotation eks.amazonaws.com/role-arn."
  type        = string
}

variable "policy_json" {
  description = "IAM policy document (JSON) of what the role may do."
  type        = string
}

variable "tags" {
  description = "Tags added to every resource."
  type        = map(string)
  default     = {}
}
