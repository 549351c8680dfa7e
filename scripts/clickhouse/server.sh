#!/usr/bin/env bash
# A ClickHouse server for clawtrace's team-store tests and benchmarks: loopback only (HTTP 18123, native 19000),
# data under /tmp/clawtrace-clickhouse, config beside this script. Works with Debian's clickhouse-server 18.16
# (`apt-get install clickhouse-server`) and with current releases' single `clickhouse` binary.
#   scripts/clickhouse/server.sh start | stop | status
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
data=/tmp/clawtrace-clickhouse
pidfile="$data/server.pid"
url=http://127.0.0.1:18123/ping

# node is always there (curl may not be)
up() { node -e "fetch('$url', { signal: AbortSignal.timeout(2000) }).then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"; }

server_cmd() {
  if command -v clickhouse-server >/dev/null 2>&1; then echo clickhouse-server
  elif [ -x /usr/sbin/clickhouse-server ]; then echo /usr/sbin/clickhouse-server
  elif command -v clickhouse >/dev/null 2>&1; then echo "clickhouse server"
  else return 1; fi
}

case "${1:-status}" in
  start)
    if up; then echo "clickhouse: already up on 127.0.0.1:18123"; exit 0; fi
    cmd="$(server_cmd)" || { echo "clickhouse: no server binary (apt-get install clickhouse-server)" >&2; exit 3; }
    mkdir -p "$data/log" "$data/data" "$data/tmp" "$data/user_files" "$data/format_schemas"
    # shellcheck disable=SC2086
    nohup $cmd --config-file="$here/config.xml" --pidfile="$pidfile" >"$data/log/stdout.log" 2>&1 &
    for _ in $(seq 1 120); do
      if up; then echo "clickhouse: up on 127.0.0.1:18123 (data in $data)"; exit 0; fi
      sleep 0.5
    done
    echo "clickhouse: did not come up; see $data/log/" >&2
    tail -n 20 "$data/log/server.err.log" "$data/log/stdout.log" >&2 || true
    exit 1
    ;;
  stop)
    if [ -f "$pidfile" ]; then kill "$(cat "$pidfile")" 2>/dev/null || true; rm -f "$pidfile"; fi
    echo "clickhouse: stopped"
    ;;
  status)
    if up; then echo "clickhouse: up"; else echo "clickhouse: down"; exit 1; fi
    ;;
  *) echo "usage: $0 start|stop|status" >&2; exit 2 ;;
esac
