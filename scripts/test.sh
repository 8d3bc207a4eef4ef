#!/usr/bin/env bash
# Runs PolicyBot's whole test suite on a fresh machine: installs what the tests need, builds, tests.
# Usage: bash scripts/test.sh [extra dotnet test arguments, e.g. --filter FullyQualifiedName~Policy]
set -euo pipefail
cd "$(dirname "$0")/.."

bash scripts/install-prerequisites.sh

dotnet restore PolicyBot.sln
dotnet build PolicyBot.sln --no-restore -c Release

mkdir -p artifacts/test-results
set +e
dotnet test PolicyBot.Tests/PolicyBot.Tests.csproj --no-build -c Release \
  --logger "console;verbosity=normal" --logger "trx;LogFileName=results.trx" \
  --results-directory artifacts/test-results "$@" 2>&1 | tee artifacts/test-results/output.log
status=${PIPESTATUS[0]}
set -e

# One plain closing line with the counts, whatever the runner printed above.
summary=$(grep -Eo 'Failed: *[0-9]+, Passed: *[0-9]+, Skipped: *[0-9]+' artifacts/test-results/output.log | tail -n 1 || true)
if [ -n "$summary" ]; then
  failed=$(echo "$summary" | sed -E 's/Failed: *([0-9]+).*/\1/')
  passed=$(echo "$summary" | sed -E 's/.*Passed: *([0-9]+).*/\1/')
  skipped=$(echo "$summary" | sed -E 's/.*Skipped: *([0-9]+).*/\1/')
  echo "tests: $passed passed, $failed failed, $skipped skipped"
fi
exit "$status"
