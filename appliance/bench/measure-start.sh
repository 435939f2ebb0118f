#!/bin/sh
# Cold start (process start -> "event=ready" line) and idle RSS of the shaded appliance jar on a fresh data dir.
# Usage: appliance/bench/measure-start.sh [runs]   (after: mvn -q -DskipTests package -pl appliance -am)
set -eu
JAR="$(dirname "$0")/../target/snpkm-appliance.jar"
RUNS="${1:-3}"
for i in $(seq 1 "$RUNS"); do
    D=$(mktemp -d)
    printf 'kmip:\n  port: 0\nmetrics:\n  port: 0\n' > "$D/appliance.yaml"
    : > "$D/out.log"; : > "$D/out2.log"
    start=$(date +%s%N)
    java -jar "$JAR" --config "$D/appliance.yaml" --data-dir "$D/data" > "$D/out.log" 2>&1 &
    pid=$!
    while ! grep -q 'event=ready' "$D/out.log"; do sleep 0.02; done
    ready_ms=$(( ($(date +%s%N) - start) / 1000000 ))
    sleep 5
    rss_kb=$(awk '/VmRSS/ {print $2}' /proc/$pid/status)
    kill -TERM "$pid"; wait "$pid" || true
    # second start on the same data dir: PKI reused, schema already migrated
    start=$(date +%s%N)
    java -jar "$JAR" --config "$D/appliance.yaml" --data-dir "$D/data" > "$D/out2.log" 2>&1 &
    pid=$!
    while ! grep -q 'event=ready' "$D/out2.log"; do sleep 0.02; done
    warm_ms=$(( ($(date +%s%N) - start) / 1000000 ))
    kill -TERM "$pid"; wait "$pid" || true
    echo "run=$i first_start_ready_ms=$ready_ms restart_ready_ms=$warm_ms idle_rss_mb=$((rss_kb / 1024))"
    rm -rf "$D"
done
