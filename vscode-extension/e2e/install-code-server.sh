#!/usr/bin/env bash
# Installs code-server (a real VS Code workbench served over HTTP) for the extension's end-to-end test.
# Idempotent: does nothing when the pinned version is already installed. Needs the Debian packages
# chromium libkrb5-dev ripgrep g++ make python3 (native modules compile against the system Node's headers)
# and the npm registry; nothing else from the internet.
#
#   vscode-extension/e2e/install-code-server.sh      # into vscode-extension/.e2e/ (git-ignored)
#   BATON_E2E_CACHE=/some/dir vscode-extension/e2e/install-code-server.sh
set -euo pipefail

# 4.100.3 (= VS Code 1.100.3) is the newest code-server whose engines.node accepts Node 20.
CS_VERSION=4.100.3
HERE=$(cd "$(dirname "$0")" && pwd)
CACHE=${BATON_E2E_CACHE:-$(dirname "$HERE")/.e2e}
CS_DIR=$CACHE/code-server
LOG=$CACHE/code-server-install.log

installed_version() {
  node -p "require('$CS_DIR/node_modules/code-server/package.json').version" 2>/dev/null || true
}

if [ -x "$CS_DIR/node_modules/.bin/code-server" ] && [ "$(installed_version)" = "$CS_VERSION" ]; then
  echo "code-server $CS_VERSION already installed in $CS_DIR"
  exit 0
fi

for tool in node npm rg g++ make python3; do
  command -v "$tool" >/dev/null || { echo "install-code-server: '$tool' is missing (apt-get install chromium libkrb5-dev ripgrep g++ make python3)" >&2; exit 1; }
done
[ "$(node -p 'process.versions.node.split(".")[0]')" = 20 ] ||
  { echo "install-code-server: code-server $CS_VERSION needs Node 20, found $(node --version)" >&2; exit 1; }

mkdir -p "$CS_DIR" "$CACHE/tmp"
# @vscode/ripgrep's postinstall downloads rg from GitHub, which is unreachable: pre-seed the download
# cache it checks first (in os.tmpdir()) with Debian's rg under the file name it expects.
RG_CACHE=$CACHE/tmp/vscode-ripgrep-cache-1.15.11
mkdir -p "$RG_CACHE" "$CACHE/tmp/rgstage"
cp /usr/bin/rg "$CACHE/tmp/rgstage/rg"
tar czf "$RG_CACHE/ripgrep-v13.0.0-10-x86_64-unknown-linux-musl.tar.gz" -C "$CACHE/tmp/rgstage" rg

[ -f "$CS_DIR/package.json" ] || echo '{"name":"baton-e2e-code-server","private":true}' > "$CS_DIR/package.json"
echo "installing code-server $CS_VERSION into $CS_DIR (compiles native modules; log: $LOG)"
start=$(date +%s)
# npm_config_unsafe_perm: code-server's postinstall refuses to run as root without it.
# npm_config_yes: node-pty's postinstall runs `npx node-gyp`, which must not prompt.
# npm_config_nodedir: native modules compile against the system Node's headers (no header download).
# TMPDIR: where @vscode/ripgrep looks for its download cache.
if ! (cd "$CS_DIR" && env TMPDIR="$CACHE/tmp" npm_config_unsafe_perm=true npm_config_yes=true \
    npm_config_nodedir=/usr npm install --no-save "code-server@$CS_VERSION" --foreground-scripts) > "$LOG" 2>&1; then
  tail -40 "$LOG" >&2
  echo "install-code-server: npm install code-server@$CS_VERSION failed (full log: $LOG)" >&2
  exit 1
fi
echo "code-server $CS_VERSION installed in $(( $(date +%s) - start ))s"
