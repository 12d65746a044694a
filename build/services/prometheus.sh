#!/usr/bin/env bash
# A real Prometheus 2.42 and Pushgateway 1.5 (Debian packages) on free loopback ports, for the retraining
# integration tests (tests/Lineage.Retraining.Integration.Tests) and for trying the metrics sources by hand.
#
# usage: build/services/prometheus.sh start|stop|status
# env:
#   LINEAGE_PROMETHEUS_STATE   folder for pids, config, logs and the TSDB (default: one per user and checkout
#                              under $TMPDIR), so several checkouts on one machine do not stop each other's servers
#   LINEAGE_SERVICES_TIMEOUT   seconds to wait for both servers to be ready (default 30)
# start prints, last, two lines a caller can eval:
#   PROMETHEUS_URL=http://127.0.0.1:<port>
#   PUSHGATEWAY_URL=http://127.0.0.1:<port>
# Prometheus scrapes the Pushgateway every second with honor_labels: true (pushed job/instance labels are kept).
# start returns once Prometheus has scraped the Pushgateway (about 6 s: its service discovery sends the first
# targets after 5 s), so a sample pushed then is queryable within a second.
set -euo pipefail
repo=$(cd "$(dirname "$0")/../.." && pwd)
key=$(printf '%s' "$repo" | md5sum | cut -c1-8)
STATE=${LINEAGE_PROMETHEUS_STATE:-${TMPDIR:-/tmp}/lineage-prometheus-$(id -u)-$key}
TIMEOUT=${LINEAGE_SERVICES_TIMEOUT:-30}
die() { echo "prometheus.sh: $*" >&2; exit 1; }

alive() { [[ -s $1 ]] && kill -0 "$(cat "$1")" 2>/dev/null; }

urls() {
  echo "PROMETHEUS_URL=http://127.0.0.1:$(cat "$STATE/prometheus.port")"
  echo "PUSHGATEWAY_URL=http://127.0.0.1:$(cat "$STATE/pushgateway.port")"
}

stop_one() {
  local name=$1 pidfile=$STATE/$1.pid
  if alive "$pidfile"; then
    local pid
    pid=$(cat "$pidfile")
    kill "$pid" 2>/dev/null || true
    for _ in $(seq 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    kill -0 "$pid" 2>/dev/null && kill -9 "$pid" 2>/dev/null || true
    echo "prometheus.sh: stopped $name (pid $pid)" >&2
  fi
  rm -f "$pidfile"
}

# Plain bash (no curl or python needed on a fresh machine): a port is free when nothing accepts a connection on it.
listening() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

free_port() {
  local port
  for _ in $(seq 100); do
    port=$((20000 + RANDOM % 40000))
    listening "$port" || { echo "$port"; return 0; }
  done
  die "no free port found"
}

# GET /-/ready answers 200 once the server serves requests.
ready() {
  (
    exec 3<>"/dev/tcp/127.0.0.1/$1" || exit 1
    printf 'GET /-/ready HTTP/1.0\r\nHost: 127.0.0.1\r\n\r\n' >&3
    IFS= read -r -t 2 status <&3 || exit 1
    [[ $status == *" 200 "* ]]
  ) 2>/dev/null
}

install_missing() {
  command -v prometheus >/dev/null && command -v prometheus-pushgateway >/dev/null && return 0
  echo "prometheus.sh: installing prometheus and prometheus-pushgateway (apt-get)" >&2
  local sudo=()
  [[ $(id -u) -eq 0 ]] || sudo=(sudo -n)
  # Another apt-get on a shared machine holds the lock for a while: wait for it rather than fail.
  "${sudo[@]}" apt-get install -y -q --no-install-recommends -o DPkg::Lock::Timeout=300 prometheus prometheus-pushgateway >&2 ||
    { "${sudo[@]}" apt-get update -q -o DPkg::Lock::Timeout=300 >&2 &&
      "${sudo[@]}" apt-get install -y -q --no-install-recommends -o DPkg::Lock::Timeout=300 prometheus prometheus-pushgateway >&2; } ||
    die "apt-get could not install prometheus and prometheus-pushgateway"
  # The packages' own services (9090/9091) are not used; the Debian postinst does not start them in containers.
}

# Prometheus has scraped the Pushgateway once (up == 1): pushed samples now show within a second.
scraped() {
  (
    exec 3<>"/dev/tcp/127.0.0.1/$1" || exit 1
    printf 'GET /api/v1/query?query=up%%7Bjob%%3D%%22pushgateway%%22%%7D HTTP/1.0\r\nHost: 127.0.0.1\r\n\r\n' >&3
    timeout 2 cat <&3 | grep -q '"1"\]'
  ) 2>/dev/null
}

start() {
  mkdir -p "$STATE"
  if alive "$STATE/prometheus.pid" && alive "$STATE/pushgateway.pid"; then
    echo "prometheus.sh: already running (state $STATE)" >&2
    urls
    return 0
  fi
  stop_one prometheus
  stop_one pushgateway
  install_missing

  local pport gport
  gport=$(free_port)
  pport=$(free_port)
  while [[ $pport == "$gport" ]]; do pport=$(free_port); done
  rm -rf "$STATE/data"
  mkdir -p "$STATE/data"
  cat >"$STATE/prometheus.yml" <<YAML
global:
  scrape_interval: 1s
  scrape_timeout: 1s
  evaluation_interval: 1s
scrape_configs:
  - job_name: pushgateway
    honor_labels: true
    static_configs:
      - targets: ['127.0.0.1:$gport']
YAML

  setsid prometheus-pushgateway --web.listen-address="127.0.0.1:$gport" \
    >"$STATE/pushgateway.log" 2>&1 </dev/null &
  echo $! >"$STATE/pushgateway.pid"
  echo "$gport" >"$STATE/pushgateway.port"

  setsid prometheus --config.file="$STATE/prometheus.yml" --storage.tsdb.path="$STATE/data" \
    --storage.tsdb.retention.time=2h --web.listen-address="127.0.0.1:$pport" \
    --web.console.templates=/dev/null --web.console.libraries=/dev/null \
    >"$STATE/prometheus.log" 2>&1 </dev/null &
  echo $! >"$STATE/prometheus.pid"
  echo "$pport" >"$STATE/prometheus.port"

  local ok=0
  for ((i = 0; i < TIMEOUT * 10; i++)); do
    alive "$STATE/pushgateway.pid" || { tail -20 "$STATE/pushgateway.log" >&2; stop_one prometheus; die "the pushgateway exited"; }
    alive "$STATE/prometheus.pid" || { tail -20 "$STATE/prometheus.log" >&2; stop_one pushgateway; die "prometheus exited"; }
    if ready "$gport" && ready "$pport" && scraped "$pport"; then ok=1; break; fi
    sleep 0.1
  done
  if [[ $ok != 1 ]]; then
    tail -20 "$STATE/prometheus.log" "$STATE/pushgateway.log" >&2
    stop_one prometheus
    stop_one pushgateway
    die "not ready within ${TIMEOUT}s"
  fi
  echo "prometheus.sh: $(prometheus --version 2>&1 | head -1 | cut -d' ' -f1-3) and pushgateway $(prometheus-pushgateway --version 2>&1 | head -1 | cut -d' ' -f3) ready (state $STATE)" >&2
  urls
}

case ${1:-} in
  start) start ;;
  stop)
    stop_one prometheus
    stop_one pushgateway
    rm -rf "$STATE"
    ;;
  status)
    if alive "$STATE/prometheus.pid" && alive "$STATE/pushgateway.pid"; then urls; else echo "prometheus.sh: not running" >&2; exit 1; fi
    ;;
  *) die "usage: $0 start|stop|status" ;;
esac
