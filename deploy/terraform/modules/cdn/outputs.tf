output "bucket_name" {
  description = "Name of the private S3 bucket holding static assets (under assets/) and product images (under products/)."
  value       = aws_s3_bucket.assets.id
}

output "bucket_arn" {
  description = "ARN of the assets bucket, for the IAM policies of the roles that write to it."
  value       = aws_s3_bucket.assets.arn
}

output "distribution_id" {
  description = "Id of the CloudFront distribution (for cache invalidations after a release)."
  value       = aws_cloudfront_distribution.assets.id
}

output "distribution_arn" {
  description = "ARN of the CloudFront distribution."
  value       = aws_cloudfront_distribution.assets.arn
}

output "url" {
  description = "Base URL of the CDN; its host goes into Bazaar:Catalog:ImageHosts."
  value       = "https://${var.domain}"
}
