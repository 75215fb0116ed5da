data "aws_availability_zones" "available" {
  state = "available"
}

data "aws_caller_identity" "current" {}

data "aws_partition" "current" {}

locals {
  # bazaar-prod: the cluster, the RDS instance, the Redis group, the web ACL and the ingress's ALB are all named so.
  name = "${var.name}-${var.environment}"
  # Every service with a database of its own (the gateway and web own none).
  services           = ["identity", "catalog", "inventory", "cart", "ordering", "payment", "notification", "analytics"]
  availability_zones = length(var.availability_zones) > 0 ? var.availability_zones : slice(data.aws_availability_zones.available.names, 0, 3)
  assets_bucket      = coalesce(var.assets_bucket_name, "${local.name}-assets-${data.aws_caller_identity.current.account_id}")
  tags = merge(var.tags, {
    "bazaar.io/environment" = var.environment
    "managed-by"            = "terraform"
  })
}

module "network" {
  source             = "../../modules/network"
  name               = local.name
  cidr_block         = var.vpc_cidr
  availability_zones = local.availability_zones
  cluster_name       = local.name
  single_nat_gateway = var.single_nat_gateway
  tags               = local.tags
}

module "eks" {
  source              = "../../modules/eks"
  cluster_name        = local.name
  kubernetes_version  = var.kubernetes_version
  subnet_ids          = module.network.private_subnet_ids
  public_access_cidrs = var.cluster_public_access_cidrs
  admin_role_arns     = var.cluster_admin_role_arns
  node_instance_types = var.node_instance_types
  node_capacity_type  = var.node_capacity_type
  node_min_size       = var.node_min_size
  node_max_size       = var.node_max_size
  node_desired_size   = var.node_desired_size
  tags                = local.tags
}

module "postgres" {
  source                     = "../../modules/postgres"
  name                       = local.name
  vpc_id                     = module.network.vpc_id
  subnet_ids                 = module.network.private_subnet_ids
  allowed_security_group_ids = [module.eks.cluster_security_group_id]
  engine_version             = var.postgres_engine_version
  instance_class             = var.postgres_instance_class
  allocated_storage          = var.postgres_allocated_storage
  max_allocated_storage      = var.postgres_max_allocated_storage
  tags                       = local.tags
}

module "redis" {
  source                     = "../../modules/redis"
  name                       = local.name
  vpc_id                     = module.network.vpc_id
  subnet_ids                 = module.network.private_subnet_ids
  allowed_security_group_ids = [module.eks.cluster_security_group_id]
  node_type                  = var.redis_node_type
  replicas                   = var.redis_replicas
  tags                       = local.tags
}

# The ALB exists only once the ingress does (the load balancer controller makes it); until then no shop records.
data "aws_lb" "shop" {
  count = var.shop_load_balancer_name == null ? 0 : 1
  name  = var.shop_load_balancer_name
}

module "dns" {
  source      = "../../modules/dns"
  domain_name = var.domain_name
  create_zone = var.create_dns_zone
  shop_load_balancer = var.shop_load_balancer_name == null ? null : {
    dns_name = data.aws_lb.shop[0].dns_name
    zone_id  = data.aws_lb.shop[0].zone_id
  }
  tags = local.tags

  providers = {
    aws           = aws
    aws.us_east_1 = aws.us_east_1
  }
}

module "cdn" {
  source          = "../../modules/cdn"
  name            = local.name
  bucket_name     = local.assets_bucket
  domain          = module.dns.cdn_domain
  certificate_arn = module.dns.cdn_certificate_arn
  zone_id         = module.dns.zone_id
  tags            = local.tags
}

module "waf" {
  source     = "../../modules/waf"
  name       = local.name
  rate_limit = var.waf_rate_limit
  tags       = local.tags
}

module "secrets" {
  source   = "../../modules/secrets"
  prefix   = "${var.name}/${var.environment}"
  services = local.services
  database = {
    host = module.postgres.address
    port = module.postgres.port
  }
  redis = {
    host       = module.redis.primary_endpoint
    port       = module.redis.port
    auth_token = module.redis.auth_token
  }
  admin_email          = var.admin_email
  recovery_window_days = var.secret_recovery_window_days
  tags                 = local.tags
}
