#!/usr/bin/env bash
# Runs PolicyBot on this machine with a local Teams client: the bot in local mode (no Azure, no tokens) with the
# embedded SQLite store and the sample school directory, and one Microsoft 365 Agents Playground per person, each
# signed in as that person, all on 127.0.0.1 only. Ctrl-C stops everything.
#
# Usage: bash scripts/run-local.sh [person ...]
#   person: a sample directory person by the part of their mail before @ (default: sam.taylor marcus.reid helen.carter)
#   The first person's Playground is on http://127.0.0.1:56150, the next on 56151, and so on.
#   POLICYBOT_PLAYGROUND_PORT changes the first port; the bot is always on http://127.0.0.1:3978.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)

people=("$@")
[ ${#people[@]} -gt 0 ] || people=(sam.taylor marcus.reid helen.carter)
first_port=${POLICYBOT_PLAYGROUND_PORT:-56150}
bot_url=http://127.0.0.1:3978

POLICYBOT_SKIP_BROWSER=1 bash scripts/install-prerequisites.sh

# Check every name before starting anything.
mkdir -p data/playground
for person in "${people[@]}"; do
  mkdir -p "data/playground/$person"
  node scripts/playground-config.cjs "$person" > "data/playground/$person/.m365agentsplayground.yml"
done

pids=()
stop_all() {
  trap - INT TERM EXIT
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
}
trap stop_all INT TERM EXIT

echo "Building and starting PolicyBot (local mode, SQLite at data/policybot.db) ..."
dotnet build PolicyBot --nologo > data/build.log 2>&1 || { tail -n 30 data/build.log; exit 1; }
(cd PolicyBot/bin/Debug/net10.0 && \
  MicrosoftAppId='' MALLOC_ARENA_MAX=2 DOTNET_GCgen0size=0x2000000 \
  Storage__SqlitePath="$root/data/policybot.db" \
  Directory__Path="$root/samples/school-directory.json" \
    exec dotnet PolicyBot.dll > "$root/data/policybot.log" 2>&1) &
pids+=($!)

for _ in $(seq 1 60); do
  curl -sf "$bot_url/healthz" > /dev/null && break
  kill -0 "${pids[0]}" 2>/dev/null || { echo "PolicyBot stopped while starting; see data/policybot.log:"; tail -n 20 data/policybot.log; exit 1; }
  sleep 1
done
curl -sf "$bot_url/healthz" > /dev/null || { echo "PolicyBot did not answer $bot_url/healthz within 60 s; see data/policybot.log"; exit 1; }

port=$first_port
for person in "${people[@]}"; do
  dir="$root/data/playground/$person"
  # The Playground reads its config and writes its log where these say; it is kept on loopback by the preload and
  # kept off the network by the two telemetry switches.
  (cd "$dir" && \
    BOT_ENDPOINT="$bot_url/api/messages" \
    TEAMSAPPTESTER_BROWSER=none \
    APPLICATION_INSIGHTS_NO_STATSBEAT=true \
    M365_AGENTS_PLAYGROUND_CONFIG_PATH="$dir/.m365agentsplayground.yml" \
    M365_AGENTS_PLAYGROUND_LOGFILE="$dir/playground.log" \
    NODE_OPTIONS="--require $root/scripts/loopback-only.cjs" \
      exec "$root/node_modules/.bin/agentsplayground" start --port "$port" --disable-telemetry \
        --service-url "http://127.0.0.1:$port/_connector" > "$dir/stdout.log" 2>&1) &
  pids+=($!)
  port=$((port + 1))
done

port=$first_port
for person in "${people[@]}"; do
  for _ in $(seq 1 30); do curl -sf "http://127.0.0.1:$port/" > /dev/null && break; sleep 0.5; done
  curl -sf "http://127.0.0.1:$port/" > /dev/null || { echo "The Playground for $person did not start; see data/playground/$person/"; exit 1; }
  port=$((port + 1))
done

echo
echo "PolicyBot is running at $bot_url (log: data/policybot.log). Open a Playground in your browser:"
port=$first_port
for person in "${people[@]}"; do
  printf '  %-14s http://127.0.0.1:%s\n' "$person" "$port"
  port=$((port + 1))
done
echo "Type 'help' in a chat to start. Press Ctrl-C to stop."
wait -n "${pids[@]}" || true
echo "A process stopped; stopping the rest."
