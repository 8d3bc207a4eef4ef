#!/usr/bin/env bash
# Installs what PolicyBot's local run and tests need beyond the .NET SDK, each only where missing:
# the Node tools pinned in package-lock.json (Azurite, the Agents Playground, the Adaptive Cards renderer,
# the Teams manifest schemas) and Debian's Chromium for the browser tests.
set -euo pipefail
cd "$(dirname "$0")/.."

if [ ! -x node_modules/.bin/azurite-table ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  npm ci --no-audit --no-fund
fi

if [ "${POLICYBOT_SKIP_BROWSER:-}" != "1" ] && [ ! -x /usr/bin/chromium ]; then
  if [ "$(id -u)" = "0" ]; then
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
  else
    sudo apt-get update -qq && sudo DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
  fi
fi
