#!/usr/bin/env bash
# Runs the real-VS-Code scenarios (test/e2e/vscode/web.e2e.ts) against redline.vsix and ends with
# a plain "vscode-e2e: N passed, N failed" line. Package first (`npm run package`) or point
# REDLINE_VSIX at a .vsix. Tools: scripts/e2e/install-code-server.sh. With CI or
# REDLINE_REQUIRE_E2E set, missing tools fail the run; otherwise the scenarios are skipped.
set -uo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
cd "$root"
shots="${REDLINE_E2E_SHOTS:-$root/test-results/e2e}"
mkdir -p "$shots"
rm -f "$shots"/*.png "$shots"/*.html "$shots"/summary.json
start=$(date +%s)
npx mocha --config test/e2e/vscode/mocharc.json "$@"
rc=$?
secs=$(( $(date +%s) - start ))
if [ -f "$shots/summary.json" ]; then
  node -e '
    const s = require(process.argv[1]);
    console.log(`vscode-e2e took ${process.argv[2]} s; screenshots in ${process.argv[3]}`);
    console.log(`vscode-e2e: ${s.passed} passed, ${s.failed} failed`);
  ' "$shots/summary.json" "$secs" "$shots"
else
  echo "vscode-e2e: SKIPPED (not counted as passed): the scenarios did not run (see above)"
fi
exit $rc
