#!/usr/bin/env bash
# Reproducible build check: builds the published jars (library, -sources, -javadoc) twice, from
# two copies of the tree in different directories, and compares them byte for byte. A jar that
# differs is named, with the entries that differ in it, and the script exits 1.
#
# Usage: .ci/reproducible.sh [extra mvn arguments, e.g. -o]
# The JDK is the one `mvn` runs on (JAVA_HOME); both builds use it.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"

work="$(mktemp -d "${TMPDIR:-/tmp}/polling-reproducible.XXXXXX")"
trap 'kill $(jobs -p) 2>/dev/null || true; rm -rf "$work"' EXIT

# Tests are neither compiled nor run and the benchmark jar is not assembled: none of them goes
# into a published jar, and skipping them keeps the builds short.
build() {
  local copy="$work/$1"
  shift
  mkdir -p "$copy"
  tar -C "$root" --exclude=./.git --exclude=target -cf - . | tar -C "$copy" -xf -
  (cd "$copy" && mvn -B -ntp "$@" clean package -Dmaven.test.skip=true -Dassembly.skipAssembly=true) \
    >"$work/$(basename "$copy").log" 2>&1
}

# The two builds run side by side (each is mostly one thread); a failed one shows its log.
start=$(date +%s)
build first "$@" & first=$!
build second "$@" & second=$!
failed=0
for pid in "$first" "$second"; do
  if ! wait "$pid"; then failed=1; fi
done
if [ "$failed" -ne 0 ]; then
  for log in "$work"/first.log "$work"/second.log; do
    if ! grep -q 'BUILD SUCCESS' "$log"; then
      echo "reproducible: the build in $(basename "$log" .log) copy failed:" >&2
      grep -E 'ERROR|FAIL' "$log" | head -n 40 >&2
    fi
  done
  exit 1
fi

status=0
published=("$work"/first/target/*.jar)
for kind in sources javadoc library; do
  case "$kind" in
    library) matches=(); for jar in "${published[@]}"; do
               case "$jar" in *-sources.jar|*-javadoc.jar) ;; *) matches+=("$jar") ;; esac
             done ;;
    *) matches=("$work"/first/target/*-"$kind".jar) ;;
  esac
  if [ ! -f "${matches[0]:-}" ]; then
    echo "reproducible: the build made no $kind jar" >&2
    status=1
  fi
done

for jar in "${published[@]}"; do
  [ -f "$jar" ] || continue
  name="$(basename "$jar")"
  other="$work/second/target/$name"
  if [ ! -f "$other" ]; then
    echo "DIFFERENT  $name: only the first build made it" >&2
    status=1
  elif cmp -s "$jar" "$other"; then
    echo "identical  $(sha256sum "$jar" | cut -d' ' -f1)  $name"
  else
    echo "DIFFERENT  $name: $(sha256sum "$jar" | cut -d' ' -f1) vs $(sha256sum "$other" | cut -d' ' -f1)" >&2
    # The entries whose time (to the second), size or CRC differ, to find the cause.
    if command -v unzip >/dev/null 2>&1; then
      entries() { unzip -Z -l -T "$1" | sed '1d;$d'; unzip -v "$1" | sed '1,3d' | head -n -2; }
      diff <(entries "$jar") <(entries "$other") | sed 's/^/    /' | head -n 20 >&2 || true
    fi
    status=1
  fi
done

java="${JAVA_HOME:+$JAVA_HOME/bin/}java"
echo "reproducible: two builds in $(( $(date +%s) - start )) s on $("$java" -version 2>&1 | head -n 1)"
exit "$status"
