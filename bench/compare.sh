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
dotnet build src/JourneyLens.Cli -c Release --nologo -v quiet >/dev/null
start=$(date +%s%N)
dotnet src/JourneyLens.Cli/bin/Release/net10.0/journeylens.dll process-map --input "$work/airline-$customers.csv" -f json > "$work/process-map-from-csv.json"
ms=$(( ($(date +%s%N) - start) / 1000000 ))
node -e "const m = require('$work/process-map-from-csv.json'); const pairs = m.edges.reduce((s, e) => s + e.frequency, 0);
  console.log('| JourneyLens: from CSV to process map (process-map --input: read, validate, dedupe, stitch, analyse) | | ' + ($ms / 1000).toFixed(2) + ' s | |');
  console.log('| process map from CSV (JourneyLens): edges, directly-follows pairs | ' + m.edges.length + ' / ' + pairs.toLocaleString('en-US') + ' | | |');"
node bench/duckdb/from-csv.mjs "$work/airline-$customers.csv"
