# Example values for the production shop: terraform plan -var-file=prod.tfvars
# No secret belongs here: passwords and keys are generated into Secrets Manager (see the README).
region      = "eu-west-1"
name        = "bazaar"
environment = "prod"

availability_zones = ["eu-west-1a", "eu-west-1b", "eu-west-1c"]
vpc_cidr           = "10.40.0.0/16"

kubernetes_version          = "1.33"
cluster_public_access_cidrs = ["203.0.113.0/24"]
cluster_admin_role_arns     = ["arn:aws:iam::111122223333:role/bazaar-operators"]
node_instance_types         = ["m6i.large", "m5.large"]
node_min_size               = 3
node_max_size               = 12
node_desired_size           = 3

postgres_instance_class    = "db.m6g.large"
postgres_allocated_storage = 100

redis_node_type = "cache.m6g.large"
redis_replicas  = 2

domain_name     = "shop.example.com"
create_dns_zone = true
# After the first deploy of the ingress (its ALB carries this name), uncomment to point the shop's records at it:
# shop_load_balancer_name = "bazaar-prod"

waf_rate_limit = 2000
admin_email    = "admin@example.com"

tags = {
  "cost-center" = "shop"
}
