variable "name" {
  description = "Prefix of resource names, e.g. bazaar-prod."
  type        = string
}

variable "bucket_name" {
  description = "Globally unique name of the S3 bucket for static assets and product images."
  type        = string
}

variable "domain" {
  description = "Host name the CDN answers on, e.g. cdn.shop.example.com."
  type        = string
}

variable "certificate_arn" {
  description = "Validated ACM certificate in us-east-1 covering domain."
  type        = string
}

variable "zone_id" {
  description = "Route 53 zone in which the CDN's alias records are written."
  type        = string
}

variable "price_class" {
  description = "CloudFront price class: which edge locations serve the shop's visitors."
  type        = string
  default     = "PriceClass_100"
}

variable "tags" {
  description = "Tags added to every resource."
  type        = map(string)
  default     = {}
}
