#!/usr/bin/env bash
# Compiles the examples against the built library and runs each one against a real client:
# the echo server under EchoClient, the HTTP server under wrk (keep-alive, then pipelined) and a
# few hand-written requests, then the timerfd timer and the work queue. Everything runs twice,
# once with the JVM flags the README gives for native backends and once with no flags at all.
# Fails on any error, non-2xx answer, socket error, lost or wrong byte, or unexpected stderr.
#
#   examples/run.sh        after `mvn package` (builds the library itself when it is missing)
#
# Environment: JAVA_HOME (the JDK to compile and run with; default: javac and java on PATH),
# MVN_ARGS (extra Maven options). Installs wrk with apt-get when it is missing. Loopback only.
set -euo pipefail
cd "$(dirname "$0")/.."

OUT=target/examples
CLASSES=$OUT/classes
LOGS=$OUT/logs
JAVA=${JAVA_HOME:+$JAVA_HOME/bin/}java
JAVAC=${JAVA_HOME:+$JAVA_HOME/bin/}javac
PKG=dev.polling.examples

# The two passes. Each example prints the backend it ran on, and the pass checks it.
#  flags: the options the README documents for native backends; Poller.create() must choose the
#         OS's native backend (EPOLL here on Linux) and print nothing.
#  bare:  a user who adds no JVM option at all: Poller.create() must choose the pure-Java
#         SELECTOR backend by itself, and print nothing.
FLAGS_OPTS=(--add-exports java.base/sun.nio.ch=ALL-UNNAMED --enable-native-access=ALL-UNNAMED)
BARE_OPTS=()
case "$(uname -s)" in
  Linux) NATIVE=EPOLL ;;
  *) NATIVE="" ;; # elsewhere any backend is accepted in the flags pass
esac

SERVER_PIDS=()
cleanup() {
  local pid
  for pid in "${SERVER_PIDS[@]}"; do
    kill "$pid" 2>/dev/null || true
  done
}
trap cleanup EXIT

fail() {
  printf 'examples: FAILED: %s\n' "$1" >&2
  shift
  local file
  for file in "$@"; do
    if [ -s "$file" ]; then
      printf -- '--- %s\n' "$file" >&2
      tail -n 40 "$file" >&2
    fi
  done
  exit 1
}

say() { printf '%-6s %-6s %s\n' "$1" "$2" "$3"; }

start=$(date +%s)

# --- the library, its runtime class path, the examples --------------------------------------
mkdir -p "$OUT" "$LOGS"
if [ ! -f target/classes/dev/polling/Poller.class ]; then
  # shellcheck disable=SC2086
  mvn -B -q -ntp ${MVN_ARGS:-} package -DskipTests >"$LOGS/build.log" 2>&1 \
    || fail "could not build the library" "$LOGS/build.log"
  say build "" "the library (mvn package -DskipTests)"
fi
# The library's runtime dependencies, asked of Maven once per pom (it takes seconds): offline
# first (CI has just built, so they are local), then online for a fresh ~/.m2.
classpath_current() {
  [ -s "$OUT/runtime.classpath" ] && [ "$OUT/runtime.classpath" -nt pom.xml ] || return 1
  local jar
  for jar in $(tr ':' ' ' <"$OUT/runtime.classpath"); do [ -f "$jar" ] || return 1; done
}
if ! classpath_current; then
  rm -f "$OUT/runtime.classpath"
  # shellcheck disable=SC2086
  if ! mvn -B -q -o ${MVN_ARGS:-} dependency:build-classpath -DincludeScope=runtime \
         -Dmdep.outputFile="$OUT/runtime.classpath" >"$LOGS/classpath.log" 2>&1; then
    # shellcheck disable=SC2086
    mvn -B -q -ntp ${MVN_ARGS:-} dependency:build-classpath -DincludeScope=runtime \
        -Dmdep.outputFile="$OUT/runtime.classpath" >"$LOGS/classpath.log" 2>&1 \
      || fail "could not resolve the runtime class path" "$LOGS/classpath.log"
  fi
fi
DEPS=$(cat "$OUT/runtime.classpath")
CP="$CLASSES:target/classes:$DEPS"

rm -rf "$CLASSES"
mapfile -t SOURCES < <(find examples/src -name '*.java' | sort)
"$JAVAC" --release 17 -Xlint:all -Werror -d "$CLASSES" -cp "target/classes:$DEPS" \
  "${SOURCES[@]}" >"$LOGS/javac.log" 2>&1 || fail "javac" "$LOGS/javac.log"
say javac "" "${#SOURCES[@]} sources, --release 17, $("$JAVA" -version 2>&1 | head -n 1)"

if ! command -v wrk >/dev/null 2>&1; then
  (export DEBIAN_FRONTEND=noninteractive; apt-get update -qq && apt-get install -y -qq wrk) \
    >"$LOGS/apt.log" 2>&1 || fail "wrk is missing and apt-get could not install it" "$LOGS/apt.log"
fi

# --- helpers ----------------------------------------------------------------------------------

# run_java PASS NAME SECONDS CLASS ARGS...: runs an example to completion within SECONDS, stdout
# and stderr to $LOGS/PASS-NAME.{out,err}; fails on a non-zero exit.
run_java() {
  local pass=$1 name=$2 seconds=$3 class=$4
  shift 4
  local -n opts="${pass^^}_OPTS"
  local rc=0
  timeout -k 5 "$seconds" "$JAVA" "${opts[@]}" -cp "$CP" "$PKG.$class" "$@" \
    >"$LOGS/$pass-$name.out" 2>"$LOGS/$pass-$name.err" || rc=$?
  [ "$rc" -eq 0 ] || fail "$pass: $class exited with $rc" "$LOGS/$pass-$name.out" "$LOGS/$pass-$name.err"
}

# start_server PASS NAME CLASS: starts a server example for at most 60 s and sets PORT from the
# first line it prints; SERVER_PID is its process.
start_server() {
  local pass=$1 name=$2 class=$3
  local -n opts="${pass^^}_OPTS"
  "$JAVA" "${opts[@]}" -cp "$CP" "$PKG.$class" 0 60 >"$LOGS/$pass-$name.out" 2>"$LOGS/$pass-$name.err" &
  SERVER_PID=$!
  SERVER_PIDS+=("$SERVER_PID")
  PORT=""
  local i
  for i in $(seq 1 200); do # 20 s at most, for a loaded machine
    PORT=$(sed -n '1{/^[0-9][0-9]*$/p;}' "$LOGS/$pass-$name.out")
    if [ -n "$PORT" ] && [ "$(wc -l <"$LOGS/$pass-$name.out")" -ge 1 ]; then return 0; fi
    kill -0 "$SERVER_PID" 2>/dev/null || break
    sleep 0.1
  done
  fail "$pass: $class printed no port" "$LOGS/$pass-$name.out" "$LOGS/$pass-$name.err"
}

# stop_server PASS NAME: SIGTERM (the example's shutdown hook stops its loop cleanly), then
# waits; the server must print its summary and exit on the signal, not crash.
stop_server() {
  local pass=$1 name=$2 rc=0 i
  kill -TERM "$SERVER_PID" 2>/dev/null || true
  for i in $(seq 1 100); do # 10 s at most
    kill -0 "$SERVER_PID" 2>/dev/null || break
    sleep 0.1
  done
  if kill -0 "$SERVER_PID" 2>/dev/null; then
    kill -KILL "$SERVER_PID" 2>/dev/null || true
    fail "$pass: $name server did not stop on SIGTERM" "$LOGS/$pass-$name.out" "$LOGS/$pass-$name.err"
  fi
  wait "$SERVER_PID" || rc=$?
  # 143 = ended by SIGTERM after the shutdown hook ran; 0 = its run time was up first.
  [ "$rc" -eq 0 ] || [ "$rc" -eq 143 ] \
    || fail "$pass: $name server exited with $rc" "$LOGS/$pass-$name.out" "$LOGS/$pass-$name.err"
}

# check_backend PASS NAME LINE: the backend named in an example's summary line is the pass's.
check_backend() {
  local pass=$1 name=$2 line=$3 want
  if [ "$pass" = bare ]; then want=SELECTOR; else want=$NATIVE; fi
  [ -z "$want" ] || [[ "$line" == *"backend $want"* ]] \
    || fail "$pass: $name ran on another backend than $want: $line"
}

# check_quiet PASS NAME: nothing on stderr.
check_quiet() {
  [ ! -s "$LOGS/$1-$2.err" ] || fail "$1: $2 wrote to stderr" "$LOGS/$1-$2.err"
}

# summary PASS NAME REGEX: the first line of the example's stdout that matches REGEX (extended).
summary() {
  grep -m 1 -E -e "$3" "$LOGS/$1-$2.out" || fail "$1: $2 printed no '$3' line" "$LOGS/$1-$2.out" "$LOGS/$1-$2.err"
}

# --- the examples -----------------------------------------------------------------------------

echo_example() {
  local pass=$1 server many large
  start_server "$pass" echo EchoServer
  # Many connections with a moderate stream each, then a few longer streams. How often the server
  # meets a full socket and finishes a write on a writable event depends on loopback buffer
  # sizes and timing: its summary counts it, nothing requires it.
  run_java "$pass" echo-many 30 EchoClient "$PORT" 200 65536 25
  run_java "$pass" echo-large 30 EchoClient "$PORT" 4 2097152 25
  stop_server "$pass" echo
  many=$(summary "$pass" echo-many '^echo client: OK')
  large=$(summary "$pass" echo-large '^echo client: OK')
  server=$(summary "$pass" echo '^echo server:')
  local c
  for c in echo-many echo-large echo; do check_quiet "$pass" "$c"; done
  check_backend "$pass" echo "$many"
  check_backend "$pass" echo "$server"
  # Everything the clients sent and verified went through this server, and nothing else.
  [[ "$server" == *" 204 connections, $(( 200 * 65536 + 4 * 2097152 )) bytes echoed"* ]] \
    || fail "$pass: the echo server's count is not the clients' ($server)"
  say "$pass" echo "client: ${many#echo client: OK, }"
  say "" "" "client: ${large#echo client: OK, }"
  say "" "" "$server"
}

# wrk_run PASS NAME ARGS...: runs wrk and checks that it made requests with no socket error and no
# non-2xx/3xx answer; sets WRK_REQUESTS and WRK_RATE.
wrk_run() {
  local pass=$1 name=$2
  shift 2
  local log="$LOGS/$pass-$name.out" rc=0 requests
  timeout -k 5 20 wrk --timeout 5s "$@" "http://127.0.0.1:$PORT/" >"$log" 2>&1 || rc=$?
  [ "$rc" -eq 0 ] || fail "$pass: wrk exited with $rc" "$log"
  ! grep -q -e 'Socket errors' -e 'Non-2xx' "$log" || fail "$pass: wrk saw errors" "$log"
  requests=$(sed -n 's/^ *\([0-9][0-9]*\) requests in .*/\1/p' "$log")
  [ -n "$requests" ] && [ "$requests" -gt 0 ] || fail "$pass: wrk made no request" "$log"
  WRK_REQUESTS=$requests
  WRK_RATE=$(sed -n 's/^Requests\/sec: *\([0-9.]*\).*/\1/p' "$log")
}

# raw_http PASS NAME REQUEST ANSWERS BODIES: sends REQUEST on one connection and checks that the
# server gives ANSWERS responses with status 200, BODIES of them with the body, then closes the
# connection (the last request asks it to).
raw_http() {
  local pass=$1 name=$2 request=$3 want=$4 bodies=$5 log="$LOGS/$1-$2.out" got
  timeout -k 2 10 bash -c 'exec 3<>"/dev/tcp/127.0.0.1/$1"; printf "%b" "$2" >&3; cat <&3' _ "$PORT" "$request" \
    >"$log" 2>&1 || fail "$pass: $name: the server did not answer and close" "$log"
  got=$(grep -c '^HTTP/1.1 200 OK' "$log" || true)
  [ "$got" -eq "$want" ] || fail "$pass: $name: $got answers, not $want" "$log"
  [ "$(grep -c 'Hello, world!' "$log" || true)" -eq "$bodies" ] || fail "$pass: $name: wrong bodies" "$log"
}

http_example() {
  local pass=$1 server keepalive pipelined answered
  start_server "$pass" http HttpHelloServer
  wrk_run "$pass" wrk-keepalive -t 2 -c 64 -d 2s
  keepalive="$WRK_REQUESTS requests, $WRK_RATE/s"
  # wrk's documented way to pipeline: a script that sends 8 requests in one write.
  wrk_run "$pass" wrk-pipelined -t 1 -c 16 -d 1s -s "$OUT/pipeline.lua"
  pipelined="$WRK_REQUESTS requests, $WRK_RATE/s"
  answered=$(( $(sed -n 's/^ *\([0-9][0-9]*\) requests in .*/\1/p' "$LOGS/$pass-wrk-keepalive.out") + WRK_REQUESTS ))
  # A POST whose body must be skipped, a pipelined GET behind it, HTTP/1.0 keep-alive (HEAD:
  # headers only), then an HTTP/1.0 request, which closes.
  raw_http "$pass" http-raw \
    'POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 5\r\n\r\nhelloGET / HTTP/1.1\r\nHost: a\r\n\r\nHEAD / HTTP/1.0\r\nConnection: keep-alive\r\n\r\nGET / HTTP/1.0\r\n\r\n' 4 3
  raw_http "$pass" http-close 'GET / HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n' 1 1
  stop_server "$pass" http
  server=$(summary "$pass" http '^http server:')
  check_quiet "$pass" http
  check_backend "$pass" http "$server"
  local n
  n=$(sed -n 's/.* \([0-9][0-9]*\) requests answered.*/\1/p' <<<"$server")
  [ -n "$n" ] && [ "$n" -ge "$answered" ] || fail "$pass: the server answered $n requests, wrk counted $answered"
  say "$pass" http "wrk keep-alive: $keepalive; pipelined x8: $pipelined; 0 errors, all 2xx"
  say "" "" "$server"
}

timer_example() {
  local pass=$1 line
  run_java "$pass" timer 20 TimerFdTicks 5 50
  line=$(summary "$pass" timer '^timer: OK|nothing to do')
  if [ "$pass" = bare ]; then
    # The example calls the C library through JNR-FFI itself, and on JDK 22+ the JVM warns about
    # that unless --enable-native-access is given: the one warning this pass expects.
    ! grep -v -E '^WARNING: (A restricted method|.* has been called by |Use --enable-native-access|Restricted methods will be blocked)' \
        "$LOGS/$pass-timer.err" | grep -q . || fail "$pass: timer wrote to stderr" "$LOGS/$pass-timer.err"
  else
    check_quiet "$pass" timer
  fi
  say "$pass" timer "$line"
}

queue_example() {
  local pass=$1 line
  run_java "$pass" queue 30 WorkQueue 4 20000 25
  line=$(summary "$pass" queue '^work queue: OK')
  check_quiet "$pass" queue
  check_backend "$pass" queue "$line"
  say "$pass" queue "${line#work queue: OK, }"
}

cat >"$OUT/pipeline.lua" <<'LUA'
-- Sends 8 GET requests in one write on each connection (HTTP pipelining).
init = function(args)
  local r = {}
  for i = 1, 8 do r[i] = wrk.format(nil, "/") end
  req = table.concat(r)
end
request = function() return req end
LUA

for pass in flags bare; do
  echo_example "$pass"
  http_example "$pass"
  timer_example "$pass"
  queue_example "$pass"
done

say done "" "every example passed in $(( $(date +%s) - start )) s"
