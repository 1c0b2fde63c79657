#!/usr/bin/env bash
# Runs every test of the solution (unit, grain, API, PostgreSQL integration) in Release, warnings as errors,
# then prints one closing line "N passed, N failed, N skipped" summed over the test projects.
set -euo pipefail
cd "$(dirname "$0")/.."
log=$(mktemp)
trap 'rm -f "$log"' EXIT
dotnet build Cluster.sln -c Release
status=0
dotnet test Cluster.sln -c Release --no-build -- RunConfiguration.TestSessionTimeout=1500000 2>&1 | tee "$log" || status=$?
awk '/(Passed|Failed)! +- Failed: +[0-9]+, Passed: +[0-9]+, Skipped: +[0-9]+/ {
       gsub(",", ""); for (i = 1; i <= NF; i++) { if ($i == "Failed:") f += $(i+1); if ($i == "Passed:") p += $(i+1); if ($i == "Skipped:") s += $(i+1) } }
     END { printf "%d passed, %d failed, %d skipped\n", p, f, s }' "$log"
exit "$status"
