#!/usr/bin/env bash
# The keep-alive server workload under a real client: KeepAliveServer (one thread, loopback) on
# each implementation, wrk with 100 keep-alive connections, and the server process's CPU time
# per request (utime + stime from /proc/PID/stat over the measured window, divided by the
# requests wrk completed in it). Implementations alternate within each round, so a drift in the
# machine's load hits them alike; the report gives each one's median and its ratio to the plain
# Selector loop's.
#
#   bench/server.sh [ROUNDS [SECONDS]]     default 3 rounds of 5 s (after 3 s of warm-up) each
#
# Environment: IMPLS (default "jdk-selector io_uring-oneshot epoll-oneshot epoll-level io_uring-level"),
# CONNECTIONS (default 100), BENCH_RESULTS (default target/bench-results/server), MVN_ARGS.
# Needs wrk (Debian: apt-get install -y wrk).
set -euo pipefail
cd "$(dirname "$0")/.."

ROUNDS=${1:-3}
SECONDS_PER_RUN=${2:-5}
WARMUP=3
CONNECTIONS=${CONNECTIONS:-100}
IMPLS=${IMPLS:-"jdk-selector io_uring-oneshot epoll-oneshot epoll-level io_uring-level"}
JAR=target/polling-bench.jar
RESULTS=${BENCH_RESULTS:-target/bench-results/server}
FLAGS=(--add-exports java.base/sun.nio.ch=ALL-UNNAMED --enable-native-access=ALL-UNNAMED -Xms256m -Xmx256m)
TICKS=$(getconf CLK_TCK)

log() { printf '%s\n' "$*" >&2; }

command -v wrk >/dev/null 2>&1 || { log "wrk is not installed (Debian: apt-get install -y wrk)"; exit 2; }
if [ ! -f "$JAR" ] || [ -n "$(find src pom.xml -newer "$JAR" -type f -print -quit)" ]; then
  log "building $JAR"
  # shellcheck disable=SC2086
  mvn -B -q -ntp ${MVN_ARGS:-} package -DskipTests
fi
mkdir -p "$RESULTS"
out="$RESULTS/server.txt"
: >"$out"

# cpu_ticks PID: utime + stime of the whole process (fields 14 and 15 of /proc/PID/stat).
cpu_ticks() { awk '{ print $14 + $15 }' "/proc/$1/stat"; }

# run IMPL: one server, warm-up, one measured wrk window; appends a line to $out.
run() {
  local impl=$1 port pid line=""
  java "${FLAGS[@]}" -cp "$JAR" dev.polling.bench.KeepAliveServer "$impl" 0 >"$RESULTS/server-$impl.log" 2>&1 &
  pid=$!
  for _ in $(seq 1 100); do
    line=$(head -n 1 "$RESULTS/server-$impl.log" 2>/dev/null || true)
    [[ $line == listening* ]] && break
    sleep 0.1
  done
  if [[ $line != listening* ]]; then
    kill "$pid" 2>/dev/null || true
    log "$impl did not start: $(cat "$RESULTS/server-$impl.log")"
    return 1
  fi
  port=$(echo "$line" | cut -d' ' -f2)
  local url="http://127.0.0.1:$port/"
  wrk -t1 -c"$CONNECTIONS" -d"${WARMUP}s" "$url" >/dev/null
  local before after report requests
  before=$(cpu_ticks "$pid")
  report=$(wrk -t1 -c"$CONNECTIONS" -d"${SECONDS_PER_RUN}s" "$url")
  after=$(cpu_ticks "$pid")
  kill "$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
  requests=$(echo "$report" | awk '/requests in/ { print $1 }')
  if [ -z "$requests" ] || [ "$requests" -eq 0 ]; then
    log "$impl: wrk completed no request: $report"
    return 1
  fi
  awk -v impl="$impl" -v req="$requests" -v t="$((after - before))" -v hz="$TICKS" -v s="$SECONDS_PER_RUN" \
    'BEGIN { printf "impl=%s requests=%d requests_per_sec=%.0f cpu_ms=%.0f cpu_us_per_request=%.3f\n",
             impl, req, req / s, t * 1000 / hz, t * 1e6 / hz / req }' | tee -a "$out" >&2
}

log "machine: $(nproc) CPU(s), $(uname -sr), $(java -version 2>&1 | head -n 1); load: $(cut -d' ' -f1-3 /proc/loadavg)"
for r in $(seq 1 "$ROUNDS"); do
  for impl in $IMPLS; do
    run "$impl"
  done
  log "round $r of $ROUNDS done"
done

# Medians per impl and ratios to the plain Selector loop's.
awk '
  { for (i = 1; i <= NF; i++) { split($i, kv, "="); f[kv[1]] = kv[2] }
    name = f["impl"]; cpu[name, ++c[name]] = f["cpu_us_per_request"]; rps[name, c[name]] = f["requests_per_sec"]
    if (!(name in seen)) { seen[name] = 1; order[++k] = name } }
  function median(a, name,   m, i, j, v, t) {
    m = c[name]; for (i = 1; i <= m; i++) v[i] = a[name, i]
    for (i = 1; i <= m; i++) for (j = i + 1; j <= m; j++) if (v[j] < v[i]) { t = v[i]; v[i] = v[j]; v[j] = t }
    return m % 2 ? v[(m + 1) / 2] : (v[m / 2] + v[m / 2 + 1]) / 2 }
  END {
    sel = median(cpu, "jdk-selector")
    printf "%-18s %10s %16s %10s %6s\n", "impl (median)", "req/s", "CPU us/request", "xSel CPU", "runs"
    for (i = 1; i <= k; i++) { n = order[i]; m = median(cpu, n)
      printf "%-18s %10.0f %16.2f %10.2f %6d\n", n, median(rps, n), m, (sel > 0 ? m / sel : 0), c[n] } }' "$out" \
  | tee "$RESULTS/server.report"
