#!/usr/bin/env bash
# Side-by-side: JourneyLens and DuckDB on the same generated CSV, in one run.
# Usage: bash bench/compare.sh [CUSTOMERS] [WORKDIR]     (1,000,000 customers ≈ 10 million events)
set -euo pipefail
cd "$(dirname "$0")/.."
customers="${1:-1000000}"
work="${2:-${TMPDIR:-/tmp}/journeylens-bench}"
mkdir -p "$work"
dotnet build bench/JourneyLens.Bench -c Release --nologo -v quiet >/dev/null
(cd bench/duckdb && npm install --no-audit --no-fund --silent >/dev/null)
echo "| step | data | time | rate |"
echo "|---|---|---|---|"
dotnet bench/JourneyLens.Bench/bin/Release/net10.0/JourneyLens.Bench.dll figures "$customers" "$work"
node bench/duckdb/compare.mjs "$work/airline-$customers.csv" "$work"
# From the CSV file to a process map, nothing stored: journeylens --input against DuckDB's read_csv + SQL.
bash bench/from-csv.sh "$work/airline-$customers.csv" 1
