variable "name" {
  description = "Name of the web ACL and prefix of its log group, e.g. bazaar-prod."
  type        = string
}

variable "rate_limit" {
  description = "Requests one client address may send in any 5 minutes before WAF blocks it (the gateway's own per-user limits apply after this)."
  type        = number
  default     = 2000
}

variable "managed_rule_groups" {
  description = "AWS managed rule groups, in evaluation order after the rate limit; count_rules lists rules of a group that only count instead of block."
  type = list(object({
    name        = string
    priority    = number
    count_rules = list(string)
  }))
  default = [
    { name = "AWSManagedRulesAmazonIpReputationList", priority = 10, count_rules = [] },
    # Bazaar accepts request bodies up to 1 MiB (and refuses larger ones itself, with 413); the group's 8 KiB limit would block admin writes.
    { name = "AWSManagedRulesCommonRuleSet", priority = 20, count_rules = ["SizeRestrictions_BODY"] },
    { name = "AWSManagedRulesKnownBadInputsRuleSet", priority = 30, count_rules = [] },
    { name = "AWSManagedRulesSQLiRuleSet", priority = 40, count_rules = [] },
  ]
}

variable "log_retention_days" {
  description = "Days WAF's request logs are kept in CloudWatch."
  type        = number
  default     = 30
}

variable "tags" {
  description = "Tags added to every resource."
  type        = map(string)
  default     = {}
}
