#!/usr/bin/env bash
# Type-checks test/e2e/vscode/*.ts against playwright-core from the e2e tool cache (see
# install-code-server.sh), which is not a project dependency, so `tsc -b` leaves these files out.
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
CACHE="${REDLINE_E2E_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/redline-e2e}"
[ -f "$CACHE/node_modules/playwright-core/package.json" ] || { echo "playwright-core is not in $CACHE: run scripts/e2e/install-code-server.sh" >&2; exit 1; }
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
cat >"$tmp/tsconfig.json" <<JSON
{
  "extends": "$root/test/e2e/vscode/tsconfig.json",
  "compilerOptions": {
    "typeRoots": ["$root/node_modules/@types"],
    "paths": { "playwright-core": ["$CACHE/node_modules/playwright-core"] }
  },
  "include": ["$root/test/e2e/vscode/*.ts"]
}
JSON
cd "$root" && npx tsc -p "$tmp/tsconfig.json"
echo "test/e2e/vscode: types OK"
