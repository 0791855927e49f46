#!/usr/bin/env bash
# Runs every JourneyLens test. Installs what it needs, skips nothing silently, and ends with
# the plain summary line "N passed, N failed" (", N skipped" when any were skipped).
set -uo pipefail
cd "$(dirname "$0")"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

need_apt=()
command -v dotnet >/dev/null || { echo "error: the .NET 10 SDK is required (https://dot.net)"; echo "0 passed, 1 failed"; exit 1; }
command -v python3 >/dev/null || need_apt+=(python3)
# The pictures, maps and pages are checked in Debian's Chromium, driven by Playwright (headless).
[ -x "${CHROMIUM_PATH:-/usr/bin/chromium}" ] || need_apt+=(chromium)
# The scale-out tests run a 2-shard ClickHouse cluster on loopback (tests/scale-out/cluster.sh).
command -v clickhouse-server >/dev/null || need_apt+=(clickhouse-server clickhouse-client)
command -v curl >/dev/null || need_apt+=(curl)
if [ ${#need_apt[@]} -gt 0 ]; then
  echo "installing: ${need_apt[*]}"
  SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  if ! { $SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${need_apt[@]}" >/dev/null; }; then
    echo "error: could not install ${need_apt[*]} with apt-get"
    echo "0 passed, 1 failed"; exit 1
  fi
fi

if [ ! -d ../shared/data/real ]; then
  echo "error: ../shared/data/real is missing; the tests need the shared data beside the repository"
  echo "0 passed, 1 failed"; exit 1
fi

results="$(pwd)/artifacts/test-results"
rm -rf "$results"; mkdir -p "$results"

if ! dotnet build JourneyLens.slnx -c Release --nologo -v quiet; then
  echo "error: the build failed"
  echo "0 passed, 1 failed"; exit 1
fi

# Started here and stopped at exit, whatever happens to the tests.
if ! cluster_env="$(tests/scale-out/cluster.sh start)"; then
  echo "error: the loopback ClickHouse cluster did not start"
  echo "0 passed, 1 failed"; exit 1
fi
eval "$cluster_env"
trap 'tests/scale-out/cluster.sh stop "$CLICKHOUSE_FOLDER"' EXIT

status=0
for project in tests/*.Tests/*.Tests.csproj; do
  name="$(basename "$project" .csproj)"
  echo "== $name"
  dotnet test "$project" -c Release --no-build --nologo \
    --logger "trx;LogFileName=$name.trx" --results-directory "$results" -- RunConfiguration.TreatNoTestsAsError=true || status=1
done

python3 - "$results" "$status" <<'PY'
import glob, sys, xml.etree.ElementTree as ET
ns = {"t": "http://microsoft.com/schemas/VisualStudio/TeamTest/2010"}
passed = failed = skipped = 0
files = glob.glob(sys.argv[1] + "/*.trx")
for f in files:
    c = ET.parse(f).getroot().find("t:ResultSummary/t:Counters", ns)
    passed += int(c.get("passed")); failed += int(c.get("failed")) + int(c.get("error")) + int(c.get("timeout")) + int(c.get("aborted"))
    skipped += int(c.get("notExecuted")) + int(c.get("inconclusive"))
projects = len(glob.glob("tests/*.Tests/*.Tests.csproj"))
if len(files) < projects or (sys.argv[2] != "0" and failed == 0):
    failed += 1  # a test run that crashed or did not report counts as a failure, not as nothing
line = f"{passed} passed, {failed} failed" + (f", {skipped} skipped" if skipped else "")
print(line)
sys.exit(1 if failed else 0)
PY
