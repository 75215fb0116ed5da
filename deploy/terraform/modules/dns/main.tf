locals {
  zone_id    = var.create_zone ? aws_route53_zone.this[0].zone_id : data.aws_route53_zone.existing[0].zone_id
  cdn_domain = "cdn.${var.domain_name}"
  # The storefront, its www. alias and the public API (the gateway): all three are served by the one ALB.
  shop_names = [var.domain_name, "www.${var.domain_name}", "api.${var.domain_name}"]
}

resource "aws_route53_zone" "this" {
  count = var.create_zone ? 1 : 0
  name  = var.domain_name
  tags  = var.tags
}

data "aws_route53_zone" "existing" {
  count        = var.create_zone ? 0 : 1
  name         = var.domain_name
  private_zone = false
}

# The ALB's certificate lives in the cluster's region; the load balancer controller finds it by host or by annotation.
resource "aws_acm_certificate" "shop" {
  domain_name               = var.domain_name
  subject_alternative_names = ["www.${var.domain_name}", "api.${var.domain_name}"]
  validation_method         = "DNS"
  tags                      = var.tags

  lifecycle {
    create_before_destroy = true
  }
}

resource "aws_acm_certificate" "cdn" {
  provider          = aws.us_east_1
  domain_name       = local.cdn_domain
  validation_method = "DNS"
  tags              = var.tags

  lifecycle {
    create_before_destroy = true
  }
}

locals {
  # Both certificates' validation records, keyed by the name they validate; identical records are written once.
  validation_records = {
    for option in concat(tolist(aws_acm_certificate.shop.domain_validation_options), tolist(aws_acm_certificate.cdn.domain_validation_options)) :
    option.domain_name => option
  }
}

resource "aws_route53_record" "validation" {
  for_each        = local.validation_records
  zone_id         = local.zone_id
  name            = each.value.resource_record_name
  type            = each.value.resource_record_type
  records         = [each.value.resource_record_value]
  ttl             = 300
  allow_overwrite = true
}

resource "aws_acm_certificate_validation" "shop" {
  certificate_arn         = aws_acm_certificate.shop.arn
  validation_record_fqdns = [for name in local.shop_names : aws_route53_record.validation[name].fqdn]
}

resource "aws_acm_certificate_validation" "cdn" {
  provider                = aws.us_east_1
  certificate_arn         = aws_acm_certificate.cdn.arn
  validation_record_fqdns = [aws_route53_record.validation[local.cdn_domain].fqdn]
}

resource "aws_route53_record" "shop" {
  for_each = var.shop_load_balancer == null ? {} : { for pair in setproduct(local.shop_names, ["A", "AAAA"]) : "${pair[0]} ${pair[1]}" => pair }
  zone_id  = local.zone_id
  name     = each.value[0]
  type     = each.value[1]

  alias {
    name                   = var.shop_load_balancer.dns_name
    zone_id                = var.shop_load_balancer.zone_id
    evaluate_target_health = true
  }
}
