#!/usr/bin/env bash
# Builds the Teams app package: manifest.json (placeholders filled) + color.png + outline.png
# at the root of a zip, the layout the Teams admin centre and "Upload a custom app" accept.
#
# Usage:
#   BOT_ID=<bot app id GUID> BOT_DOMAIN=<app>.azurewebsites.net \
#   WEBSITE_URL=https://... PRIVACY_URL=https://... TERMS_URL=https://... \
#   [TEAMS_APP_ID=<GUID, defaults to BOT_ID>] manifest/package.sh [output.zip]
#
# Default output: artifacts/policybot-teams-app.zip. Needs node, zip, and `npm ci` run at the
# repository root (the manifest is validated against the official schema before zipping).
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(dirname "$here")"
out="${1:-$root/artifacts/policybot-teams-app.zip}"

guid='^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$'
: "${BOT_ID:?set BOT_ID to the Microsoft App ID of the bot (a GUID)}"
: "${BOT_DOMAIN:?set BOT_DOMAIN to the web app host name, e.g. policybot.azurewebsites.net}"
export TEAMS_APP_ID="${TEAMS_APP_ID:-$BOT_ID}"
[[ "$BOT_ID" =~ $guid ]] || { echo "BOT_ID is not a GUID: $BOT_ID" >&2; exit 1; }
[[ "$TEAMS_APP_ID" =~ $guid ]] || { echo "TEAMS_APP_ID is not a GUID: $TEAMS_APP_ID" >&2; exit 1; }
[[ "$BOT_DOMAIN" =~ ^[A-Za-z0-9.-]+$ ]] || { echo "BOT_DOMAIN must be a host name only (no https://, no path): $BOT_DOMAIN" >&2; exit 1; }

stage="$(mktemp -d)"
trap 'rm -rf "$stage"' EXIT

node "$here/fill.js" "$here/manifest.json" "$stage/manifest.json"
node "$here/validate.js" "$stage/manifest.json" >"$stage/errors.json" || {
  echo "manifest does not validate against its schema:" >&2
  cat "$stage/errors.json" >&2
  exit 1
}
cp "$here/color.png" "$here/outline.png" "$stage/"

mkdir -p "$(dirname "$out")"
rm -f "$out"
(cd "$stage" && zip -q -X "$out.tmp" manifest.json color.png outline.png)
mv "$out.tmp" "$out"
echo "$out"
