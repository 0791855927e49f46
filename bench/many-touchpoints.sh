#!/usr/bin/env bash
# A log with 7,139 touchpoints (as e-commerce item views have): times the process-map picture, its simplification
# and the report. Usage: bench/many-touchpoints.sh [journeylens command]   (default: the Release build's dll)
set -euo pipefail
J=${1:-"dotnet $(dirname "$0")/../src/JourneyLens.Cli/bin/Release/net10.0/journeylens.dll"}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
python3 - "$work/many.csv" <<'PY'
import random, sys
random.seed(2)
with open(sys.argv[1], 'w') as f:
    f.write('event_id,timestamp,customer_id,channel,touchpoint\n')
    n = 0
    for c in range(15000):
        t = 1700000000
        for _ in range(random.randint(2, 12)):
            t += random.randint(10, 600)
            tp = random.randint(0, 7138) if random.random() < 0.6 else random.randint(0, 50)
            n += 1
            f.write(f'e{n},{t},C{c},web,item {tp}\n')
PY
$J import "$work/many.csv" -w "$work/ws" > /dev/null
$J stats -w "$work/ws" -f csv | grep -E '^(events|touchpoints),'
/usr/bin/time -o "$work/t1" -f "process-map --format svg: %e s" $J process-map -w "$work/ws" -f svg -o "$work/map.svg" 2> /dev/null
/usr/bin/time -o "$work/t2" -f "process-map --share 0.8: %e s" $J process-map --share 0.8 -w "$work/ws" -f json > /dev/null
/usr/bin/time -o "$work/t3" -f "report: %e s" $J report -w "$work/ws" -o "$work/report.html" 2> /dev/null
cat "$work/t1" "$work/t2" "$work/t3"
ls -l "$work/map.svg" "$work/report.html" | awk '{print $5, $9}'
