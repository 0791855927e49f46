#!/usr/bin/env bash
# Filters and breakdowns on a free property (prop.persona) on the airline workspace: the first use (the column read
# from every event's JSON and kept in engine.props/), a one-shot command after it, warm over HTTP, and after an
# import of 100,000 more events (the kept column extended by the new rows only).
# Usage: bash bench/property-filter.sh [CUSTOMERS] [WORKDIR]     (1,000,000 customers ≈ 10 million events)
set -euo pipefail
cd "$(dirname "$0")/.."
customers="${1:-1000000}"
work="${2:-${TMPDIR:-/tmp}/journeylens-bench-props}"
mkdir -p "$work"
dotnet build src/JourneyLens.Cli -c Release --nologo -v quiet >/dev/null
jl() { dotnet src/JourneyLens.Cli/bin/Release/net10.0/journeylens.dll "$@"; }
seconds() { local start end; start=$(date +%s.%N); "$@" >/dev/null; end=$(date +%s.%N); echo "$end - $start" | bc; }
ws="$work/ws-$customers"
if [ ! -d "$ws" ]; then
  jl generate airline --customers "$customers" -o "$work/airline-$customers.csv" >/dev/null
  jl import "$work/airline-$customers.csv" -w "$ws" >/dev/null 2>&1
fi
# 100,000-odd new events: another seed, under event ids of their own (the same customers may come back).
jl generate airline --customers 10000 --seed 99 | sed 's/^airline-/more-/' > "$work/more.csv"
rm -rf "$ws/engine.props"
events=$(jl stats -w "$ws" -f json | python3 -c 'import json,sys; print(json.load(sys.stdin)["events"])')
segment="prop.persona = 'family'"
echo "| step | events | time |"
echo "|---|---|---|"
echo "| \`stats --segment \"$segment\"\`, first use (column built from the JSON) | $events | $(seconds jl stats -w "$ws" --segment "$segment" -f json) s |"
echo "| the same command again (column read from engine.props) | $events | $(seconds jl stats -w "$ws" --segment "$segment" -f json) s |"
echo "| \`paths --by prop.persona\` (one-shot) | $events | $(seconds jl paths -w "$ws" --by prop.persona --top 5 -f json) s |"
port=5181
# Started directly (not through the jl function), so that $! is the server itself and it is stopped at the end.
dotnet src/JourneyLens.Cli/bin/Release/net10.0/journeylens.dll serve -w "$ws" --url "http://127.0.0.1:$port" >/dev/null 2>&1 &
server=$!
trap 'kill $server 2>/dev/null || true' EXIT
until curl -s -o /dev/null "http://127.0.0.1:$port/api/stats"; do kill -0 $server || { echo "the server did not start (port $port taken?)" >&2; exit 1; }; sleep 1; done
url="http://127.0.0.1:$port/api/stats?segment=prop.persona+%3D+%27family%27"
curl -s -o /dev/null "$url"
best=999
for _ in 1 2 3; do t=$(curl -s -o /dev/null -w '%{time_total}' "$url"); best=$(echo "if ($t < $best) $t else $best" | bc); done
echo "| warm over HTTP: \`GET /api/stats?segment=…\` (best of 3, JSON included) | $events | $best s |"
url="http://127.0.0.1:$port/api/stats"
best=999
for _ in 1 2 3; do t=$(curl -s -o /dev/null -w '%{time_total}' "$url"); best=$(echo "if ($t < $best) $t else $best" | bc); done
echo "| warm over HTTP without the segment, for comparison | $events | $best s |"
kill $server; wait $server 2>/dev/null || true
jl import "$work/more.csv" -w "$ws" >/dev/null 2>&1
after=$(jl stats -w "$ws" -f json | python3 -c 'import json,sys; print(json.load(sys.stdin)["events"])')
echo "| after importing $((after - events)) more events: the same command (column extended by the new rows) | $after | $(seconds jl stats -w "$ws" --segment "$segment" -f json) s |"
