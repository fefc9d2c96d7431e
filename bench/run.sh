#!/usr/bin/env bash
# Builds and runs the benchmark suite, with the C reference in the same sitting, and prints the
# ring / garbage / notify / scaling tables and the targets (see docs/PERFORMANCE.md).
#
#   bench/run.sh [full]    the whole suite, about 10 minutes on 2 cores
#   bench/run.sh quick     the same benchmarks with shorter iterations, about 4 minutes
#   bench/run.sh smoke     every benchmark once, tiny configs, well under a minute (CI)
#   bench/run.sh selfcheck the jar's main job
#   bench/run.sh syscalls [N T]   system calls per event of each ring impl (perf tracepoints, or strace)
#   bench/run.sh ab [N T ROUNDS]  C and Java ring runs interleaved, medians and ratios (drift-proof)
#   bench/run.sh bindings [N T ROUNDS]  JNR-FFI and java.lang.foreign ring runs alternated, medians and FFM/JNR
#   bench/run.sh report DIR   print the tables of an earlier sitting again
#
# Environment: BENCH_RESULTS (results directory, default target/bench-results/MODE),
# SYSCALL_IMPLS / AB_IMPLS / BINDINGS_IMPLS (the ring impls the syscalls / ab / bindings modes run, space-separated),
# SYSCALL_COUNTER (perf or strace), AB_EVENTS (events per ab run, default 1000000),
# CRING_SRC (the C reference's ring.c; default: shared/bench/c-ring/ring.c beside the checkout),
# JMH_ARGS (extra JMH options), MVN_ARGS (extra Maven options, e.g. -o).
set -euo pipefail
cd "$(dirname "$0")/.."

MODE=${1:-full}
JAR=target/polling-bench.jar
FLAGS=(--add-exports java.base/sun.nio.ch=ALL-UNNAMED --enable-native-access=ALL-UNNAMED)
RESULTS=${BENCH_RESULTS:-target/bench-results/$MODE}
JMH_TIMEOUT=3600

log() { printf '\n=== %s ===\n' "$*" >&2; }

build() {
  # Rebuild only when a source is newer than the jar (CI has just built it).
  if [ ! -f "$JAR" ] || [ -n "$(find src pom.xml -newer "$JAR" -type f -print -quit)" ]; then
    log "building $JAR"
    # shellcheck disable=SC2086
    mvn -B -q -ntp ${MVN_ARGS:-} package -DskipTests
  fi
}

# The C reference, built outside its (read-only) folder; empty when there is no compiler or source.
CRING=""
build_c() {
  local src=${CRING_SRC:-}
  if [ -z "$src" ]; then
    for candidate in ../shared/bench/c-ring/ring.c ../../shared/bench/c-ring/ring.c; do
      if [ -f "$candidate" ]; then src=$candidate; break; fi
    done
  fi
  if [ -z "$src" ] || ! command -v gcc >/dev/null 2>&1; then
    log "no C reference (ring.c or gcc missing): ratios to C will show '-'"
    return 0
  fi
  mkdir -p target/c-ring
  gcc -O2 -Wall -o target/c-ring/c-ring "$src" -lpthread
  gcc -O2 -Wall -shared -fPIC -o target/c-ring/idle-thread.so bench/idle-thread.c -lpthread
  CRING=target/c-ring/c-ring
  IDLE_THREAD=$PWD/target/c-ring/idle-thread.so
}

# c_ring EVENTS WARMUP: both C ring loops on every config, appended to c-ring.txt; then again as a
# multi-threaded process (one idle thread, as a JVM always has), labelled process=mt. With perf,
# each line also gets the process's CPU time per event (cpu_ns_per_event), which unlike events/s
# does not fall when other processes take the CPU away.
c_ring() {
  [ -n "$CRING" ] || return 0
  local cfg
  for cfg in "1 1" "1000 1" "1000 1000" "8000 1"; do
    # shellcheck disable=SC2086
    c_run "" "" $cfg "$1" "$2"
    # shellcheck disable=SC2086
    c_run lt "" $cfg "$1" "$2"
    # shellcheck disable=SC2086
    c_run "" "$IDLE_THREAD" $cfg "$1" "$2"
    # shellcheck disable=SC2086
    c_run lt "$IDLE_THREAD" $cfg "$1" "$2"
  done
}

# c_run MODE PRELOAD N T E W: one C ring run, its line appended to c-ring.txt.
c_run() {
  local mode=$1 preload=$2 n=$3 t=$4 e=$5 w=$6 line label="" stat="$RESULTS/.c-stat"
  [ -n "$preload" ] && label="process=mt "
  # perf may be missing or refused (perf_event_paranoid): then the line goes without CPU time
  if command -v perf >/dev/null 2>&1 \
      && line=$(RING_MODE=$mode LD_PRELOAD=$preload perf stat -x, -e task-clock -o "$stat" -- "$CRING" "$n" "$t" "$e" "$w"); then
    line+=" cpu_ns_per_event=$(awk -F, -v ev=$((e + w)) '$3 ~ /task-clock/ { printf "%.0f", $1 * 1e6 / ev }' "$stat")"
  else
    line=$(RING_MODE=$mode LD_PRELOAD=$preload "$CRING" "$n" "$t" "$e" "$w")
  fi
  echo "$label$line" >>"$RESULTS/c-ring.txt"
}

# c_notify ROUNDS: the C ping-pong on any CPU and on CPU 0, labelled, appended to c-notify.txt.
c_notify() {
  [ -n "$CRING" ] || return 0
  echo "cpus=any $("$CRING" notify "$1")" >>"$RESULTS/c-notify.txt"
  if command -v taskset >/dev/null 2>&1; then
    echo "cpus=0 $(taskset -c 0 "$CRING" notify "$1")" >>"$RESULTS/c-notify.txt"
  fi
}

# jmh NAME BENCH ARGS...: one JMH run, its console to NAME.log, its results to NAME.csv.
jmh() {
  local name=$1; shift
  local bench=$1; shift
  log "$name: $bench $*  (log: $RESULTS/$name.log)"
  # shellcheck disable=SC2086
  # A benchmark stuck in a wait (a lost wake-up) fails the run instead of hanging it.
  local status=0
  # shellcheck disable=SC2086
  "${PREFIX[@]}" timeout "$JMH_TIMEOUT" java "${FLAGS[@]}" -cp "$JAR" org.openjdk.jmh.Main "$bench" "$@" ${JMH_ARGS:-} \
      -rf csv -rff "$RESULTS/$name.csv" >"$RESULTS/$name.log" 2>&1 || status=$?
  if [ "$status" -ne 0 ]; then
    tail -n 40 "$RESULTS/$name.log" >&2
    if [ "$status" -eq 124 ]; then
      echo "JMH run '$name' did not finish in $JMH_TIMEOUT s: a benchmark is stuck (a lost wake-up or event?)" >&2
    fi
    echo "JMH run '$name' failed (status $status)" >&2
    return 1
  fi
  grep -E '^(Benchmark|[A-Z][A-Za-z]+Bench\.)' "$RESULTS/$name.log" | grep -v ':gc\.\(count\|time\|alloc\.rate \)' >&2 || true
}

impls() { java "${FLAGS[@]}" -cp "$JAR" dev.polling.bench.AvailableImpls "$1"; }

report() { java -cp "$JAR" dev.polling.bench.Report "$1" | tee "$1/report.txt"; }

suite() {
  # $@: JMH iteration options
  local ring scaling notify
  ring=$(impls RingBench); scaling=$(impls ScalingBench); notify=$(impls NotifyBench)
  echo "machine: $(nproc) CPU(s), $(uname -sr), $(java -version 2>&1 | head -n 1)" >"$RESULTS/machine.txt"
  grep -m1 'model name' /proc/cpuinfo >>"$RESULTS/machine.txt" 2>/dev/null || true
  uptime >>"$RESULTS/machine.txt"
  PREFIX=()
  log "C ring, before"; c_ring 1000000 100000
  jmh ring RingBench -p "impl=$ring" -prof gc "$@"
  log "C ring, after"; c_ring 1000000 100000
  jmh scaling ScalingBench -p "impl=$scaling" "$@"
  if [[ ",$scaling," == *",epoll-oneshot-raw,"* ]]; then
    jmh scaling-16000 ScalingBench -p impl=epoll-oneshot-raw -p idle=16000 "$@"
  fi
  log "C notify, before"; c_notify 50000
  jmh notify NotifyBench -p "impl=$notify" "$@"
  if command -v taskset >/dev/null 2>&1; then
    PREFIX=(taskset -c 0)
    jmh notify-cpu0 NotifyBench -p "impl=$notify" -p cpus=0 "$@"
    PREFIX=()
  fi
  log "C notify, after"; c_notify 50000
  jmh jnr JnrCallBench "$@"
  jmh binding-calls BindingCallBench -p "binding=$(impls BindingCallBench)" "$@"
  uptime >>"$RESULTS/machine.txt"
  log "report ($RESULTS/report.txt)"
  cat "$RESULTS/machine.txt"
  report "$RESULTS"
}

smoke() {
  local ring scaling notify
  ring=$(impls RingBench); scaling=$(impls ScalingBench); notify=$(impls NotifyBench)
  local once=(-f 0 -wi 0 -i 1 -r 100ms -foe true)
  PREFIX=()
  JMH_TIMEOUT=240
  c_ring 20000 0
  c_notify 2000
  jmh ring RingBench -p "impl=$ring" -p ring=4x2 -prof gc "${once[@]}"
  jmh scaling ScalingBench -p "impl=$scaling" -p idle=10 "${once[@]}"
  jmh notify NotifyBench -p "impl=$notify" "${once[@]}"
  jmh jnr JnrCallBench "${once[@]}"
  jmh binding-calls BindingCallBench -p "binding=$(impls BindingCallBench)" "${once[@]}"
  report "$RESULTS" >/dev/null
  log "self-check"
  timeout 120 java -jar "$JAR" millis=100 rounds=1
}

# syscalls N T: per impl (and the C loops), two fixed-length ring runs under perf stat (or, with
# SYSCALL_COUNTER=strace or without perf, strace -f -c); the difference in system calls divided by
# the difference in events is the calls per event, without the JVM's start-up. (CPU time is not
# taken from these runs: the tracing itself slows every call.)
syscalls() {
  local n=${1:-1000} t=${2:-1}
  local counter=${SYSCALL_COUNTER:-perf}
  if [ "$counter" = perf ] && ! command -v perf >/dev/null 2>&1; then counter=strace; fi
  if [ "$counter" = strace ] && ! command -v strace >/dev/null 2>&1; then
    echo "neither perf nor strace is installed: no system-call counts (apt-get install -y strace)" >&2; return 1
  fi
  local names=(raw_syscalls:sys_enter epoll_wait epoll_pwait epoll_pwait2 epoll_ctl io_uring_enter read write poll ppoll futex)
  local events=raw_syscalls:sys_enter name
  for name in "${names[@]:1}"; do events+=",syscalls:sys_enter_$name"; done
  printf '%-22s %6s' "impl (N=$n T=$t)" calls
  for name in "${names[@]:1}"; do printf ' %7s' "${name#epoll_}"; done
  printf '\n'
  # counts N CMD...: the count of each of $names (the total first) over one run of CMD N
  counts() {
    local count=$1; shift
    if [ "$counter" = perf ]; then
      perf stat -x, -e "$events" -- "$@" "$count" 2>&1 >/dev/null | grep -E '^[0-9.]+,' | cut -d, -f1
    else
      local table; table=$(mktemp)
      strace -f -c -o "$table" -- "$@" "$count" >/dev/null 2>&1 || true
      local name
      # strace -c columns: % time, seconds, usecs/call, calls, [errors], syscall
      awk '$NF == "total" { print $4 }' "$table"
      for name in "${names[@]:1}"; do
        awk -v s="$name" '$NF == s { print $4; found = 1 } END { if (!found) print 0 }' "$table"
      done
      rm -f "$table"
    fi
  }
  # count_row NAME SHORT LONG CMD...: CMD is run with the event count appended
  count_row() {
    local row=$1 short=$2 long=$3; shift 3
    local a b
    a=$(counts "$short" "$@")
    b=$(counts "$long" "$@")
    paste <(echo "$a") <(echo "$b") | awk -v row="$row" -v e=$((long - short)) \
      '{ d[NR] = ($2 - $1) / e }
       END { printf "%-22s %6.2f", row, d[1]; for (i = 2; i <= NR; i++) printf " %7.2f", d[i]; printf "\n" }'
  }
  if [ -n "$CRING" ]; then
    count_row c-epoll 50000 300000 "$CRING" "$n" "$t"
    RING_MODE=lt count_row c-epoll-lt 50000 300000 "$CRING" "$n" "$t"
    count_row c-epoll-mt 50000 300000 env LD_PRELOAD="$IDLE_THREAD" "$CRING" "$n" "$t"
    RING_MODE=lt count_row c-epoll-lt-mt 50000 300000 env LD_PRELOAD="$IDLE_THREAD" "$CRING" "$n" "$t"
  fi
  local impl short=50000 long=250000
  for impl in ${SYSCALL_IMPLS:-$(impls RingBench | tr , ' ')}; do
    # poll(2) scans every descriptor per call: fewer events keep the run short
    if [[ $impl == poll-* ]]; then short=5000; long=30000; else short=50000; long=250000; fi
    count_row "$impl" $short $long timeout 300 java "${FLAGS[@]}" -cp "$JAR" dev.polling.bench.RingRun "$impl" "$n" "$t" 0
  done
}

# ab N T ROUNDS: the C loops and the EPOLL and IO_URING rings (and the plain Selector) run one after the other,
# ROUNDS times, each for the same event count after the same warm-up; medians per impl and their
# ratios. A drift in the machine's load hits every impl of a round alike, so the ratios hold where
# separate long runs would not.
AB_IMPLS=${AB_IMPLS:-"epoll-oneshot-raw epoll-level-raw epoll-edge-raw epoll-level-chan io_uring-oneshot-raw io_uring-level-raw io_uring-oneshot-chan jdk-selector"}
# Reads RingRun / C ring lines (key=value fields): v[impl, run] events/s, u[impl, run] CPU ns per
# event, c[impl] runs, order[1..k] impls as first seen; median(arr, impl) of either.
AWK_MEDIAN='
    { delete f; for (i = 1; i <= NF; i++) { split($i, kv, "="); f[kv[1]] = kv[2] }
      v[f["impl"], ++c[f["impl"]]] = f["events_per_sec"]; u[f["impl"], c[f["impl"]]] = f["cpu_ns_per_event"]
      if (!(f["impl"] in seen)) { seen[f["impl"]] = 1; order[++k] = f["impl"] } }
    function median(arr, name,   m, i, j, a, tmp) {
      m = c[name]; for (i = 1; i <= m; i++) a[i] = arr[name, i]
      for (i = 1; i <= m; i++) for (j = i + 1; j <= m; j++) if (a[j] < a[i]) { tmp = a[i]; a[i] = a[j]; a[j] = tmp }
      return m % 2 ? a[(m + 1) / 2] : (a[m / 2] + a[m / 2 + 1]) / 2 }'

# bindings N T ROUNDS: each impl of BINDINGS_IMPLS on JNR-FFI and on java.lang.foreign, one RingRun
# each, the order alternating by round (JNR then FFM, FFM then JNR, ...) so that the machine's
# drift hits both alike; then medians and FFM/JNR for events/s and for CPU per event. JDK 22+.
bindings() {
  local n=${1:-1000} t=${2:-1} rounds=${3:-4} e=${AB_EVENTS:-1000000} w=200000
  local impls=${BINDINGS_IMPLS:-epoll-oneshot-raw epoll-level-raw poll-level-raw epoll-oneshot-chan epoll-level-chan}
  local out="$RESULTS/bindings-$n-$t.txt" r impl b order feature
  feature=$(java -XshowSettings:properties -version 2>&1 | awk -F'= ' '/java.specification.version/ { print $2 }')
  if [ "${feature%%.*}" -lt 22 ]; then
    echo "bindings needs a JDK 22+ as 'java' (java.lang.foreign); this one is $feature" >&2; return 1
  fi
  : >"$out"
  for r in $(seq 1 "$rounds"); do
    if [ $((r % 2)) -eq 1 ]; then order="jnr ffm"; else order="ffm jnr"; fi
    for impl in $impls; do
      for b in $order; do
        timeout 300 java "${FLAGS[@]}" -Dpolling.binding="$b" -cp "$JAR" dev.polling.bench.RingRun "$impl" "$n" "$t" $e $w \
          | sed "s/^impl=$impl /impl=$impl@$b /" >>"$out"
      done
    done
    echo "round $r of $rounds done" >&2
  done
  awk "$AWK_MEDIAN"'
    END {
      printf "%-22s %12s %12s %8s %8s %6s\n", "impl (N=" '"$n"' " T=" '"$t"' ")", "JNR ev/s", "FFM ev/s", "FFM/JNR", "CPU/ev", "runs"
      for (i = 1; i <= k; i++) { name = order[i]; if (name !~ /@jnr$/) continue; base = substr(name, 1, length(name) - 4)
        jnr = median(v, name); ffm = median(v, base "@ffm"); jc = median(u, name); fc = median(u, base "@ffm")
        printf "%-22s %12.0f %12.0f %8.2f %8.2f %6d\n", base, jnr, ffm, ffm / jnr, fc / jc, c[name] } }' "$out" \
    | tee "$RESULTS/bindings-$n-$t.report"
}

ab() {
  local n=${1:-1000} t=${2:-1} rounds=${3:-5} e=${AB_EVENTS:-1000000} w=200000
  [ -n "$CRING" ] || { echo "ab needs the C reference" >&2; return 1; }
  local out="$RESULTS/ab-$n-$t.txt" r impl
  : >"$out"
  for r in $(seq 1 "$rounds"); do
    "$CRING" "$n" "$t" $e $w >>"$out"
    RING_MODE=lt "$CRING" "$n" "$t" $e $w >>"$out"
    LD_PRELOAD=$IDLE_THREAD "$CRING" "$n" "$t" $e $w | sed 's/impl=c-epoll/impl=c-epoll-mt/' >>"$out"
    RING_MODE=lt LD_PRELOAD=$IDLE_THREAD "$CRING" "$n" "$t" $e $w | sed 's/impl=c-epoll-lt/impl=c-epoll-lt-mt/' >>"$out"
    for impl in $AB_IMPLS; do
      timeout 300 java "${FLAGS[@]}" -cp "$JAR" dev.polling.bench.RingRun "$impl" "$n" "$t" $e $w >>"$out"
    done
    echo "round $r of $rounds done" >&2
  done
  awk "$AWK_MEDIAN"'
    END {
      co = median(v, "c-epoll"); cl = median(v, "c-epoll-lt"); sel = median(v, "jdk-selector")
      com = median(v, "c-epoll-mt"); clm = median(v, "c-epoll-lt-mt"); selcpu = median(u, "jdk-selector")
      printf "%-20s %12s %8s %8s %8s %10s %8s %6s\n", "impl (median of " c["c-epoll"] ")", "events/s", "xC", "xCmt", "xSel",
        "CPU ns/ev", "xSelCPU", "runs"
      for (i = 1; i <= k; i++) { name = order[i]; m = median(v, name); one = name ~ /oneshot|^c-epoll(-mt)?$/
        cpu = median(u, name)
        printf "%-20s %12.0f %8.2f %8.2f %8.2f %10s %8s %6d\n", name, m, m / (one ? co : cl), m / (one ? com : clm), m / sel,
          (cpu > 0 ? sprintf("%.0f", cpu) : "-"), (cpu > 0 && selcpu > 0 ? sprintf("%.2f", selcpu / cpu) : "-"), c[name] } }' "$out" | tee "$RESULTS/ab-$n-$t.report"
}

# Enough descriptors for 8000 pipes plus 8000 idle pipes (32k) where the hard limit allows.
ulimit -n "$(ulimit -Hn)" 2>/dev/null || true

case "$MODE" in
  full | quick | smoke)
    build
    rm -rf "$RESULTS"; mkdir -p "$RESULTS"
    build_c
    start=$(date +%s)
    case "$MODE" in
      full) suite ;;
      quick) suite -wi 1 -i 2 -w 500ms -r 500ms ;;
      smoke) smoke ;;
    esac
    log "$MODE done in $(( $(date +%s) - start )) s; results in $RESULTS"
    ;;
  selfcheck) build; java -jar "$JAR" ;;
  syscalls) build; build_c; syscalls "${@:2}" ;;
  ab) build; mkdir -p "$RESULTS"; build_c; ab "${@:2}" ;;
  bindings) build; mkdir -p "$RESULTS"; bindings "${@:2}" ;;
  report) report "${2:?usage: bench/run.sh report RESULTS_DIR}" ;;
  *) echo "usage: bench/run.sh [full|quick|smoke|selfcheck|syscalls [N T]|ab [N T ROUNDS]|bindings [N T ROUNDS]|report DIR]" >&2; exit 2 ;;
esac
