#!/usr/bin/env bash
# Installs what the real-VS-Code e2e tests (test/e2e/vscode/) need, idempotently:
#   - Debian packages, only those missing: chromium (driven headless), libkrb5-dev (code-server's
#     kerberos native module builds against it), ripgrep (packed below as the download that
#     @vscode/ripgrep's postinstall would fetch), python3/make/g++ (node-gyp), git, fonts;
#   - code-server (VS Code 1.100.3 in the browser; the newest release that runs on Node 20) and
#     playwright-core, pinned, into a cache folder OUTSIDE the project's dependencies:
#     $REDLINE_E2E_CACHE, default ${XDG_CACHE_HOME:-$HOME/.cache}/redline-e2e.
# Nothing here touches package.json or the repository's node_modules.
#
# Usage: bash scripts/e2e/install-code-server.sh          (prints the cache folder last)
#        REDLINE_E2E_CACHE=/some/dir bash scripts/e2e/install-code-server.sh
set -euo pipefail

CODE_SERVER_VERSION=4.100.3
PLAYWRIGHT_CORE_VERSION=1.65.1
# The ripgrep build that @vscode/ripgrep 1.15.11 (VS Code 1.100) downloads on postinstall.
RG_CACHE_DIR=vscode-ripgrep-cache-1.15.11
RG_ASSET=ripgrep-v13.0.0-10-x86_64-unknown-linux-musl.tar.gz

CACHE="${REDLINE_E2E_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/redline-e2e}"
STAMP="$CACHE/.installed"
WANT="code-server@$CODE_SERVER_VERSION playwright-core@$PLAYWRIGHT_CORE_VERSION"

t0=$(date +%s%N)
ms() { echo $(( ($(date +%s%N) - $1) / 1000000 )); }
say() { echo "[e2e-install] $*"; }

SUDO=""
if [ "$(id -u)" != 0 ]; then
  if command -v sudo >/dev/null 2>&1; then SUDO="sudo"; fi
fi

# --- Debian packages (only the missing ones) ------------------------------------------------
t=$(date +%s%N)
need=()
for p in chromium libkrb5-dev ripgrep python3 make g++ git fonts-dejavu-core; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed'; then need+=("$p"); fi
done
if [ ${#need[@]} -gt 0 ]; then
  if ! command -v apt-get >/dev/null 2>&1; then
    say "missing Debian packages (${need[*]}) and no apt-get here; install them by hand" >&2
    exit 1
  fi
  say "apt-get install ${need[*]}"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
fi
say "apt packages ready in $(ms "$t") ms"

# --- code-server + playwright-core in the cache ---------------------------------------------
cs_bin="$CACHE/node_modules/code-server/out/node/entry.js"
rg_bin="$CACHE/node_modules/code-server/lib/vscode/node_modules/@vscode/ripgrep/bin/rg"
if [ -f "$STAMP" ] && [ "$(cat "$STAMP")" = "$WANT" ] && [ -f "$cs_bin" ] && [ -x "$rg_bin" ] \
  && [ -f "$CACHE/node_modules/playwright-core/package.json" ]; then
  say "code-server $CODE_SERVER_VERSION and playwright-core $PLAYWRIGHT_CORE_VERSION already in $CACHE"
else
  t=$(date +%s%N)
  rm -rf "$CACHE"
  mkdir -p "$CACHE"
  # @vscode/ripgrep's postinstall downloads ripgrep from GitHub, which is not reachable here. It
  # first looks in $TMPDIR/vscode-ripgrep-cache-<version>/ for the asset: put Debian's rg there,
  # packed the way the release asset is (the binary at the archive's root).
  tmp="$CACHE/.tmp"
  mkdir -p "$tmp/$RG_CACHE_DIR" "$tmp/rg"
  cp "$(command -v rg)" "$tmp/rg/rg"
  tar -czf "$tmp/$RG_CACHE_DIR/$RG_ASSET" -C "$tmp/rg" rg
  cat >"$CACHE/package.json" <<EOF
{
  "name": "redline-e2e-tools",
  "private": true,
  "description": "Tools for Redline's VS Code e2e tests; installed by scripts/e2e/install-code-server.sh, not project dependencies.",
  "dependencies": {
    "code-server": "$CODE_SERVER_VERSION",
    "playwright-core": "$PLAYWRIGHT_CORE_VERSION"
  }
}
EOF
  say "npm install $WANT (into $CACHE)"
  # unsafe_perm: code-server's postinstall refuses to run as root otherwise;
  # yes: node-pty's postinstall runs npx, which would prompt (and the user config says yes=false).
  (
    cd "$CACHE"
    # JOBS: node-gyp compiles the native modules (spdlog, node-pty, kerberos, …) on every core.
    TMPDIR="$tmp" JOBS=max npm_config_unsafe_perm=true npm_config_yes=true npm_config_audit=false npm_config_fund=false \
      npm install --no-package-lock --loglevel=error >"$CACHE/install.log" 2>&1
  ) || { say "npm install failed; last lines of $CACHE/install.log:" >&2; tail -40 "$CACHE/install.log" >&2; exit 1; }
  if [ ! -f "$cs_bin" ] || [ ! -x "$rg_bin" ]; then
    say "code-server installed incompletely (entry: $cs_bin, ripgrep: $rg_bin); see $CACHE/install.log" >&2
    tail -40 "$CACHE/install.log" >&2
    exit 1
  fi
  rm -rf "$tmp"
  echo "$WANT" >"$STAMP"
  say "npm install done in $(ms "$t") ms ($(du -sm "$CACHE" | cut -f1) MB)"
fi

# (--version writes a default config under XDG_CONFIG_HOME: point it at a throwaway folder)
xdg=$(mktemp -d)
say "code-server $(XDG_CONFIG_HOME="$xdg" "$CACHE/node_modules/.bin/code-server" --version 2>/dev/null | grep -v ' info ' | head -1)"
rm -rf "$xdg"
say "chromium: $(/usr/bin/chromium --version 2>/dev/null || echo missing)"
say "total $(ms "$t0") ms"
echo "$CACHE"
