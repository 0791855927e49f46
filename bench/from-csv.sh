#!/usr/bin/env bash
# From a CSV file to a process map with nothing stored: `journeylens process-map --input` against DuckDB's read_csv +
# one SQL statement (bench/duckdb/from-csv.mjs), as pairs run one after the other on the same file.
# Usage: bash bench/from-csv.sh FILE.csv [PAIRS]     (bench/compare.sh makes the file and runs one pair)
set -euo pipefail
cd "$(dirname "$0")/.."
csv="$1"
pairs="${2:-1}"
out="${TMPDIR:-/tmp}/journeylens-process-map-from-csv.json"
dotnet build src/JourneyLens.Cli -c Release --nologo -v quiet >/dev/null
(cd bench/duckdb && npm install --no-audit --no-fund --silent >/dev/null)
for _ in $(seq "$pairs"); do
  start=$(date +%s%N)
  dotnet src/JourneyLens.Cli/bin/Release/net10.0/journeylens.dll process-map --input "$csv" -f json > "$out"
  ms=$(( ($(date +%s%N) - start) / 1000000 ))
  node -e "const m = require('$out'); const pairs = m.edges.reduce((s, e) => s + e.frequency, 0);
    console.log('| JourneyLens: from CSV to process map (process-map --input: read, validate, dedupe, stitch, analyse; wall clock, process start included) | | ' + ($ms / 1000).toFixed(2) + ' s | |');
    console.log('| process map from CSV (JourneyLens): edges, directly-follows pairs | ' + m.edges.length + ' / ' + pairs.toLocaleString('en-US') + ' | | |');"
  node bench/duckdb/from-csv.mjs "$csv"
done
