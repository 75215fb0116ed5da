#!/usr/bin/env bash
# Creates (or updates) the Secrets the dev overlay expects, in namespace bazaar-dev, from secrets.env beside
# this script (git-ignored; see secrets.env.example). An empty admin password or webhook secret is generated,
# and so is identity's signing key; none of it is written anywhere but the cluster.
#   deploy/k8s/overlays/dev/create-secrets.sh && kubectl apply -k deploy/k8s/overlays/dev
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
namespace="${BAZAAR_NAMESPACE:-bazaar-dev}"
[ ! -f "$here/secrets.env" ] || { set -a; . "$here/secrets.env"; set +a; }

random() { head -c 24 /dev/urandom | base64 | tr -d '/+='; }
apply() { kubectl -n "$namespace" create secret generic "$@" --dry-run=client -o yaml | kubectl apply -f -; }

kubectl get namespace "$namespace" >/dev/null 2>&1 || kubectl create namespace "$namespace"

password="${ADMIN_PASSWORD:-$(random)Aa1}"
apply bazaar-admin --from-literal=email="${ADMIN_EMAIL:-admin@bazaar.local}" --from-literal=password="$password"
[ -n "${ADMIN_PASSWORD:-}" ] || echo "admin password: $password" >&2

apply bazaar-smtp --from-literal=host="${SMTP_HOST:-}" --from-literal=port="${SMTP_PORT:-587}" \
  --from-literal=username="${SMTP_USERNAME:-}" --from-literal=password="${SMTP_PASSWORD:-}"
apply bazaar-payment --from-literal=webhook-secret="${PAYMENT_WEBHOOK_SECRET:-$(random)}"
apply bazaar-redis --from-literal=configuration="redis:6379,abortConnect=false"

# Keep an existing signing key: a new one would sign every user out.
if ! kubectl -n "$namespace" get secret bazaar-identity-keys >/dev/null 2>&1; then
  key="$(mktemp)"
  trap 'rm -f "$key"' EXIT
  openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 -out "$key" 2>/dev/null
  apply bazaar-identity-keys --from-file="signing-$(date -u +%Y%m%d%H%M%S)-dev1.pem=$key"
fi
