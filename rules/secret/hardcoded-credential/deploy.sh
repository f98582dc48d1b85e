#!/usr/bin/env bash
# Values are fake.
set -euo pipefail
# ruleid: secret/hardcoded-credential
export DEPLOY_TOKEN="wqOGkJU5WLI0oRKjpyYbrDLhf9N8"
# ok: secret/hardcoded-credential
export DB_PASSWORD="$1"
curl -fsS -H "Authorization: Bearer ${DEPLOY_TOKEN}" https://deploy.acme.io/hooks/release
