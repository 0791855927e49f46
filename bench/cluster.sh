#!/usr/bin/env bash
# The embedded engine and a 2-shard ClickHouse cluster on loopback, side by side on the same generated CSV, in one run:
# import rate, bytes per event on disk, and every analysis the cluster answers (best of three, JSON compared).
# Usage: bash bench/cluster.sh [CUSTOMERS] [WORKDIR]     (1,000,000 customers ≈ 10.4 million events)
set -euo pipefail
cd "$(dirname "$0")/.."
customers="${1:-1000000}"
work="${2:-${TMPDIR:-/tmp}/journeylens-bench}"
mkdir -p "$work"
dotnet build bench/JourneyLens.Bench -c Release --nologo -v quiet > /dev/null
csv="$work/airline-$customers.csv"
if [ ! -s "$csv" ]; then
  dotnet src/JourneyLens.Cli/bin/Release/net10.0/journeylens.dll generate airline --customers "$customers" > "$csv"
fi
cluster_env="$(tests/scale-out/cluster.sh start)"
eval "$cluster_env"
trap 'tests/scale-out/cluster.sh stop "$CLICKHOUSE_FOLDER"' EXIT
dotnet bench/JourneyLens.Bench/bin/Release/net10.0/JourneyLens.Bench.dll cluster "$csv" "$work" "$JOURNEYLENS_TEST_CLICKHOUSE"
