#!/usr/bin/env bash
# A 2-shard ClickHouse cluster on loopback for the scale-out tests: two clickhouse-server processes on free ports,
# each one shard of the cluster "jl", data in a temp folder. No root service, nothing left behind:
#   eval "$(tests/scale-out/cluster.sh start)"   # exports JOURNEYLENS_TEST_CLICKHOUSE=http://127.0.0.1:PORT,http://127.0.0.1:PORT and CLICKHOUSE_FOLDER
#   tests/scale-out/cluster.sh stop "$CLICKHOUSE_FOLDER"
#   tests/scale-out/cluster.sh stop-shard "$CLICKHOUSE_FOLDER" 1    # one shard down (the fault tests), its data kept
#   tests/scale-out/cluster.sh start-shard "$CLICKHOUSE_FOLDER" 1   # and up again
set -euo pipefail

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'; }

start() {
  local folder; folder=$(mktemp -d /tmp/jl-clickhouse.XXXXXX)
  local http=() tcp=() inter=()
  for i in 0 1; do http+=("$(free_port)"); tcp+=("$(free_port)"); inter+=("$(free_port)"); done
  for i in 0 1; do
    mkdir -p "$folder/shard$i/data" "$folder/shard$i/tmp" "$folder/shard$i/log"
    cat > "$folder/shard$i/config.xml" <<XML
<?xml version="1.0"?>
<yandex>
  <logger><level>warning</level><log>$folder/shard$i/log/server.log</log><errorlog>$folder/shard$i/log/error.log</errorlog></logger>
  <listen_host>127.0.0.1</listen_host>
  <http_port>${http[$i]}</http_port>
  <tcp_port>${tcp[$i]}</tcp_port>
  <interserver_http_port>${inter[$i]}</interserver_http_port>
  <path>$folder/shard$i/data/</path>
  <tmp_path>$folder/shard$i/tmp/</tmp_path>
  <users_config>/etc/clickhouse-server/users.xml</users_config>
  <default_profile>default</default_profile>
  <default_database>default</default_database>
  <mark_cache_size>268435456</mark_cache_size>
  <!-- ZSTD for every part (18.16 chooses compression per server, not per column): see docs/scale-out.md. -->
  <compression><case><min_part_size>0</min_part_size><min_part_size_ratio>0</min_part_size_ratio><method>zstd</method></case></compression>
  <max_concurrent_queries>50</max_concurrent_queries>
  <remote_servers>
    <jl>
      <shard><replica><host>127.0.0.1</host><port>${tcp[0]}</port></replica></shard>
      <shard><replica><host>127.0.0.1</host><port>${tcp[1]}</port></replica></shard>
    </jl>
  </remote_servers>
</yandex>
XML
    launch "$folder" "$i"
  done
  for i in 0 1; do
    ready "$folder" "$i" || { stop "$folder"; exit 1; }
  done
  echo "export CLICKHOUSE_FOLDER=$folder"
  echo "export JOURNEYLENS_TEST_CLICKHOUSE=http://127.0.0.1:${http[0]},http://127.0.0.1:${http[1]}"
}

launch() {
  local folder=$1 i=$2
  clickhouse-server --config-file="$folder/shard$i/config.xml" > "$folder/shard$i/log/stdout.log" 2>&1 &
  echo $! > "$folder/shard$i/pid"
}

ready() {
  local folder=$1 i=$2 port
  port=$(sed -n 's:.*<http_port>\([0-9]*\)</http_port>.*:\1:p' "$folder/shard$i/config.xml")
  for _ in $(seq 1 100); do
    if curl -fsS "http://127.0.0.1:$port/?query=SELECT%201" > /dev/null 2>&1; then return 0; fi
    sleep 0.2
  done
  echo "clickhouse shard $i did not start: $(tail -5 "$folder/shard$i/log/error.log" 2>/dev/null)" >&2
  return 1
}

stop_shard() {
  local pidfile="$1/shard$2/pid"
  [ -f "$pidfile" ] || return 0
  local pid; pid=$(cat "$pidfile")
  kill "$pid" 2> /dev/null || true
  for _ in $(seq 1 50); do kill -0 "$pid" 2> /dev/null || break; sleep 0.1; done
  kill -9 "$pid" 2> /dev/null || true
  rm -f "$pidfile"
}

stop() {
  local folder=$1
  for i in 0 1; do stop_shard "$folder" "$i"; done
  rm -rf "$folder"
}

case "${1:-}" in
  start) start ;;
  stop) stop "${2:?the folder start printed}" ;;
  stop-shard) stop_shard "${2:?the folder start printed}" "${3:?shard 0 or 1}" ;;
  start-shard) launch "${2:?the folder start printed}" "${3:?shard 0 or 1}"; ready "$2" "$3" ;;
  *) echo "usage: $0 start | stop FOLDER | stop-shard FOLDER N | start-shard FOLDER N" >&2; exit 2 ;;
esac
