#!/usr/bin/env bash
# Runs PolicyBot's whole test suite on a fresh machine: installs what the tests need, builds, tests.
# Usage: bash scripts/test.sh [extra dotnet test arguments, e.g. --filter FullyQualifiedName~Policy]
set -euo pipefail
cd "$(dirname "$0")/.."

bash scripts/install-prerequisites.sh

dotnet restore PolicyBot.sln
dotnet build PolicyBot.sln --no-restore -c Release

mkdir -p artifacts/test-results
# The activity-parser fuzz test runs for this many seconds instead of its fixed 20,000 bodies (a crash is saved as a regression case).
export POLICYBOT_FUZZ_SECONDS="${POLICYBOT_FUZZ_SECONDS:-45}"
set +e
dotnet test PolicyBot.Tests/PolicyBot.Tests.csproj --no-build -c Release \
  --logger "console;verbosity=minimal" --logger "trx;LogFileName=results.trx" \
  --results-directory artifacts/test-results "$@" 2>&1 | tee artifacts/test-results/output.log
status=${PIPESTATUS[0]}
set -e

# One plain closing line with the counts, read from the TRX report.
counters=$(grep -o '<Counters [^>]*>' artifacts/test-results/results.trx 2>/dev/null | head -n 1 || true)
if [ -n "$counters" ]; then
  count() { echo "$counters" | sed -E "s/.* $1=\"([0-9]+)\".*/\1/"; }
  echo "tests: $(count passed) passed, $(count failed) failed, $(( $(count total) - $(count executed) )) skipped"
fi
exit "$status"
