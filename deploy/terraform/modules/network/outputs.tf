output "vpc_id" {
  description = "Id of the VPC."
  value       = aws_vpc.this.id
}

output "vpc_cidr_block" {
  description = "IPv4 range of the VPC."
  value       = aws_vpc.this.cidr_block
}

output "public_subnet_ids" {
  description = "Ids of the public subnets (load balancers, NAT gateways), one per availability zone."
  value       = [for zone in var.availability_zones : aws_subnet.public[zone].id]
}

output "private_subnet_ids" {
  description = "Ids of the private subnets (nodes, pods, RDS, Redis), one per availability zone."
  value       = [for zone in var.availability_zones : aws_subnet.private[zone].id]
}

output "nat_public_ips" {
  description = "Public addresses the shop's outgoing traffic leaves from (to allow-list at an SMTP relay or payment processor)."
  value       = [for eip in aws_eip.nat : eip.public_ip]
}
