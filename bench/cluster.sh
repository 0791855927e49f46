#!/usr/bin/env bash
# The embedded engine and a 2-shard ClickHouse cluster on loopback, side by side on the same generated CSV, in one run:
# import rate, bytes per event on disk, and every analysis the cluster answers (best of three, JSON compared).
# Usage: bash bench/cluster.sh [CUSTOMERS] [WORKDIR]     (1,000,000 customers ≈ 10.4 million events)
#        JOURNEYLENS_BENCH_ONLY=hand-offs bash bench/cluster.sh …   (only the analyses whose name contains it)
set -euo pipefail
cd "$(dirname "$0")/.."
customers="${1:-1000000}"
work="${2:-${TMPDIR:-/tmp}/journeylens-bench}"
mkdir -p "$work"
dotnet build bench/JourneyLens.Bench -c Release --nologo -v quiet > /dev/null
csv="$work/airline-$customers.csv"
catalogue="$work/airline.touchpoints.yaml"
if [ ! -s "$csv" ] || [ ! -s "$catalogue" ]; then
  dotnet src/JourneyLens.Cli/bin/Release/net10.0/journeylens.dll generate airline --customers "$customers" --catalogue "$catalogue" > "$csv"
fi
cluster_env="$(tests/scale-out/cluster.sh start)"
eval "$cluster_env"
trap 'tests/scale-out/cluster.sh stop "$CLICKHOUSE_FOLDER"' EXIT
dotnet bench/JourneyLens.Bench/bin/Release/net10.0/JourneyLens.Bench.dll cluster "$csv" "$work" "$JOURNEYLENS_TEST_CLICKHOUSE" "$catalogue"
