output "zone_id" {
  description = "Id of the public hosted zone of the shop's domain."
  value       = local.zone_id
}

output "name_servers" {
  description = "Name servers of the created zone, to delegate to from the parent domain (empty when an existing zone is used)."
  value       = var.create_zone ? aws_route53_zone.this[0].name_servers : []
}

output "shop_certificate_arn" {
  description = "Validated ACM certificate (regional) for the shop, www and api; the ingress's alb.ingress.kubernetes.io/certificate-arn."
  value       = aws_acm_certificate_validation.shop.certificate_arn
}

output "cdn_certificate_arn" {
  description = "Validated ACM certificate (us-east-1) for the CDN host, for CloudFront."
  value       = aws_acm_certificate_validation.cdn.certificate_arn
}

output "cdn_domain" {
  description = "Host name of the CDN (static assets and product images)."
  value       = local.cdn_domain
}
