#!/usr/bin/env bash
# Throughput of one encoder instance: for each spec NxWIDTHxHEIGHT, N cameras produce frames of that
# size at FPS for DURATION seconds through the example's own broker to one instance; prints how long
# after the last frame was produced its access unit was out (the lag: small when the instance keeps
# up, growing with DURATION when it does not), the frames per second that went through, and the CPU
# time per frame of the instance and of the broker.
#   examples/kafka/bench.sh 6x320x240 12x320x240 4x640x480 2x1280x720
# Options (environment): DURATION=20 FPS=15 PARTITIONS=4 KAFKA_PORT=19192 OUT=examples/kafka/target/bench
# CONSUMERS=1 (consumer threads per instance) ENCODER_OPTIONS (venc: options, default the app's)
# SKIP_BUILD=1 (use what is built)
set -euo pipefail
cd "$(dirname "$0")/../.."

DURATION=${DURATION:-20}
FPS=${FPS:-15}
PARTITIONS=${PARTITIONS:-4}
KAFKA_PORT=${KAFKA_PORT:-19192}
OUT=${OUT:-examples/kafka/target/bench}
BROKERS=127.0.0.1:$KAFKA_PORT
APP=examples/kafka/target/quarkus-app
CP="$APP/app/*:$APP/lib/main/*"
FRAMES=$((DURATION * FPS))
TICKS=$(getconf CLK_TCK)
export KAFKA_DATA="$PWD/$OUT/broker"
[ $# -gt 0 ] || { echo "usage: $0 NxWIDTHxHEIGHT..." >&2; exit 2; }

[ "${SKIP_BUILD:-0}" = 1 ] || mvn -B -q -pl examples/kafka -am package -DskipTests
rm -rf "$OUT"
mkdir -p "$OUT"
pids=()
cleanup() {
  for p in "${pids[@]}"; do kill -9 "$p" 2> /dev/null || true; done
  examples/kafka/broker.sh stop "$KAFKA_PORT" > /dev/null 2>&1 || true
}
trap cleanup EXIT
examples/kafka/broker.sh start "$KAFKA_PORT" > /dev/null
cpu() { awk '{print $14 + $15}' "/proc/$1/stat"; }
now_ms() { date +%s%3N; }

echo "$(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), load $(cut -d' ' -f1-3 /proc/loadavg)"
run=0
for spec in "$@"; do
  run=$((run + 1))
  n=${spec%%x*}
  size=${spec#*x}
  cams=$(seq -f "cam%g" 1 "$n" | tr '\n' ' ')
  t="r$run-"
  java -cp "$CP" io.github.camelvenc.examples.kafka.Topics "$BROKERS" "$PARTITIONS" \
    "${t}frames" "${t}streams" "${t}errors" > /dev/null 2>&1
  opts=()
  [ -z "${ENCODER_OPTIONS:-}" ] || opts=(-Dvenc-kafka.encoder-options="$ENCODER_OPTIONS")
  java -Xmx512m -Dcamel.component.kafka.brokers="$BROKERS" -Dvenc-kafka.group-id="${t}venc" \
    -Dcamel.component.kafka.consumers-count="${CONSUMERS:-1}" \
    -Dvenc-kafka.frames-topic="${t}frames" -Dvenc-kafka.streams-topic="${t}streams" \
    -Dvenc-kafka.errors-topic="${t}errors" "${opts[@]}" -jar "$APP/quarkus-run.jar" > "$OUT/$t.log" 2>&1 &
  app=$!
  pids+=($app)
  for _ in $(seq 1 240); do grep -q "Partitions assigned" "$OUT/$t.log" && break; sleep 0.5; done
  java -cp "$CP" io.github.camelvenc.examples.kafka.StreamRecorder "$BROKERS" "${t}streams" "$OUT/$t" "$FRAMES" 120 \
    $cams > "$OUT/${t}summary.txt" 2> /dev/null &
  recorder=$!
  broker=$(cat "$KAFKA_DATA/broker.pid")
  cpu0=$(cpu "$app")
  bcpu0=$(cpu "$broker")
  start=$(now_ms)
  java -cp "$CP" io.github.camelvenc.examples.kafka.CameraSimulator "$BROKERS" "${t}frames" "$FRAMES" "$size" "$FPS" \
    $cams > /dev/null 2>&1
  produced=$(now_ms)
  wait "$recorder"
  done_at=$(now_ms)
  cpu1=$(cpu "$app")
  bcpu1=$(cpu "$broker")
  missing=$(awk '{m += $8} END {print m}' "$OUT/${t}summary.txt")
  kill -9 "$app"
  wait "$app" 2> /dev/null || true
  awk -v spec="$spec" -v n="$n" -v fps="$FPS" -v frames="$FRAMES" -v lag=$((done_at - produced)) \
    -v ms=$((done_at - start)) -v cpu=$((cpu1 - cpu0)) -v bcpu=$((bcpu1 - bcpu0)) -v ticks="$TICKS" \
    -v missing="$missing" -v consumers="${CONSUMERS:-1}" 'BEGIN {
      total = n * frames
      printf "%s @%d fps, %d consumer thread(s): %d frames/s in, %.0f frames/s through, lag after the last frame %d ms, ", \
        spec, fps, consumers, n * fps, total / (ms / 1000.0), lag
      printf "CPU per frame: instance %.1f ms, broker %.1f ms; missing %d\n", \
        cpu / ticks * 1000 / total, bcpu / ticks * 1000 / total, missing }'
done
