output "region" {
  description = "AWS region of the shop."
  value       = var.region
}

output "cluster_name" {
  description = "Name of the EKS cluster."
  value       = module.eks.cluster_name
}

output "kubeconfig_command" {
  description = "Command that adds the cluster to the caller's kubeconfig."
  value       = "aws eks update-kubeconfig --region ${var.region} --name ${module.eks.cluster_name}"
}

output "cluster_endpoint" {
  description = "URL of the Kubernetes API."
  value       = module.eks.cluster_endpoint
}

output "node_role_name" {
  description = "IAM role of the nodes (for a Karpenter EC2NodeClass)."
  value       = module.eks.node_role_name
}

output "irsa_role_arns" {
  description = "Role ARN of each service account that calls AWS (annotation eks.amazonaws.com/role-arn): external_secrets, load_balancer_controller, cluster_autoscaler, catalog."
  value       = { for key, role in module.irsa : key => role.role_arn }
}

output "ingress_annotations" {
  description = "Annotations the prod overlay puts on the ingress: the ALB's name, its certificate and the WAF web ACL."
  value = {
    "alb.ingress.kubernetes.io/load-balancer-name" = local.name
    "alb.ingress.kubernetes.io/certificate-arn"    = module.dns.shop_certificate_arn
    "alb.ingress.kubernetes.io/wafv2-acl-arn"      = module.waf.web_acl_arn
  }
}

output "waf_web_acl_arn" {
  description = "ARN of the WAF web ACL for the ingress annotation alb.ingress.kubernetes.io/wafv2-acl-arn."
  value       = module.waf.web_acl_arn
}

output "shop_certificate_arn" {
  description = "ACM certificate of the shop's host names, for alb.ingress.kubernetes.io/certificate-arn."
  value       = module.dns.shop_certificate_arn
}

output "dns_name_servers" {
  description = "Name servers to delegate the shop's domain to (when this configuration created the zone)."
  value       = module.dns.name_servers
}

output "database_secret_names" {
  description = "Secrets Manager name of each service's database secret (bazaar/<environment>/<service>/database)."
  value       = module.secrets.database_secret_names
}

output "secret_names" {
  description = "Secrets Manager names of the JWT signing key, the first admin, SMTP, the payment webhook secret and Redis."
  value       = module.secrets.secret_names
}

output "postgres_address" {
  description = "Host name of the RDS PostgreSQL instance."
  value       = module.postgres.address
}

output "postgres_identifier" {
  description = "RDS instance identifier, which environments/prod-databases looks up."
  value       = module.postgres.identifier
}

output "postgres_master_secret_arn" {
  description = "ARN of the RDS-managed secret holding the master login (used only by the database bootstrap)."
  value       = module.postgres.master_user_secret_arn
}

output "redis_endpoint" {
  description = "Primary endpoint of the Redis replication group."
  value       = module.redis.primary_endpoint
}

output "assets_bucket" {
  description = "S3 bucket of static assets and product images."
  value       = module.cdn.bucket_name
}

output "cdn_url" {
  description = "Base URL of the CDN; its host is the catalog's Bazaar:Catalog:ImageHosts entry."
  value       = module.cdn.url
}

output "cdn_distribution_id" {
  description = "CloudFront distribution id, for cache invalidations."
  value       = module.cdn.distribution_id
}
