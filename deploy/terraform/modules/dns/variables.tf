variable "domain_name" {
  description = "The shop's host name, e.g. shop.example.com; the CDN is cdn.<domain_name>."
  type        = string
}

variable "create_zone" {
  description = "Create a public hosted zone for domain_name (then delegate it from the parent domain) instead of using an existing one."
  type        = bool
  default     = true
}

variable "shop_load_balancer" {
  description = "The ALB the ingress created (dns_name and zone_id); null until the ingress exists, then the shop's alias records point at it."
  type = object({
    dns_name = string
    zone_id  = string
  })
  default = null
}

variable "tags" {
  description = "Tags added to every resource."
  type        = map(string)
  default     = {}
}
