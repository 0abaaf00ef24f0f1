#!/usr/bin/env bash
# Runs the Kafka example end to end: builds it, starts the example's own Kafka broker on 127.0.0.1,
# creates the topics, starts two encoder instances in one consumer group, lets 6 simulated cameras
# produce frames for 20 s, kills the instance with the most cameras with kill -9 in the middle, records camera-streams and
# prints one line per camera: frames produced, access units out, duplicates, missing, segments, and
# what ffprobe decodes of the recorded file. Then stops everything it started.
# Options (environment):
#   CAMERAS="cam1 ... cam6" DURATION=20 KILL_AFTER=10 SIZE=320x240 FPS=15 PARTITIONS=4
#   KAFKA_PORT=19092 (and KAFKA_PORT+1 for the controller) OUT=examples/kafka/target/run
set -euo pipefail
cd "$(dirname "$0")/../.."

CAMERAS=${CAMERAS:-"cam1 cam2 cam3 cam4 cam5 cam6"}
DURATION=${DURATION:-20}
KILL_AFTER=${KILL_AFTER:-$((DURATION / 2))}
SIZE=${SIZE:-320x240}
FPS=${FPS:-15}
PARTITIONS=${PARTITIONS:-4}
KAFKA_PORT=${KAFKA_PORT:-19092}
OUT=${OUT:-examples/kafka/target/run}
FRAMES=$((DURATION * FPS))
BROKERS=127.0.0.1:$KAFKA_PORT
APP=examples/kafka/target/quarkus-app
CP="$APP/app/*:$APP/lib/main/*"
export KAFKA_DATA="$PWD/$OUT/broker"

mvn -B -q -pl examples/kafka -am package -DskipTests
rm -rf "$OUT"
mkdir -p "$OUT"

pids=()
cleanup() {
  for p in "${pids[@]}"; do kill -9 "$p" 2> /dev/null || true; wait "$p" 2> /dev/null || true; done
  examples/kafka/broker.sh stop "$KAFKA_PORT" > /dev/null 2>&1 || true
}
trap cleanup EXIT

examples/kafka/broker.sh start "$KAFKA_PORT"
java -cp "$CP" io.github.camelvenc.examples.kafka.Topics "$BROKERS" "$PARTITIONS" \
  camera-frames camera-streams camera-frame-errors 2> "$OUT/topics.log"

encoders=()
for i in 1 2; do
  java -Xmx256m -Dcamel.component.kafka.brokers="$BROKERS" -Dvenc-kafka.instance-id="encoder-$i" \
    -jar "$APP/quarkus-run.jar" > "$OUT/encoder-$i.log" 2>&1 &
  encoders+=($!)
  pids+=($!)
done
for i in 1 2; do
  for _ in $(seq 1 240); do grep -q "Partitions assigned: \[camera-frames" "$OUT/encoder-$i.log" && break; sleep 0.5; done
  grep -q "Partitions assigned: \[camera-frames" "$OUT/encoder-$i.log" \
    || { tail -20 "$OUT/encoder-$i.log"; echo "encoder-$i got no partition" >&2; exit 1; }
done
echo "encoder-1 (pid ${encoders[0]}) and encoder-2 (pid ${encoders[1]}) share $PARTITIONS partitions"

java -cp "$CP" io.github.camelvenc.examples.kafka.StreamRecorder "$BROKERS" camera-streams "$OUT" "$FRAMES" 30 \
  $CAMERAS > "$OUT/summary.txt" 2> "$OUT/recorder.log" &
recorder=$!
pids+=($recorder)
java -cp "$CP" io.github.camelvenc.examples.kafka.CameraSimulator "$BROKERS" camera-frames "$FRAMES" "$SIZE" "$FPS" \
  $CAMERAS > "$OUT/cameras.txt" 2> "$OUT/cameras.log" &
cameras=$!
pids+=($cameras)
echo "$(wc -w <<< "$CAMERAS") cameras produce $FRAMES frames of $SIZE at $FPS fps each"
sleep "$KILL_AFTER"
opened() { grep -o "Opened h26[45] channel '[^']*'" "$OUT/encoder-$1.log" | cut -d"'" -f2 | sort -u | tr '\n' ' ' || true; }
victim=1
[ "$(opened 2 | wc -w)" -gt "$(opened 1 | wc -w)" ] && victim=2
victims=$(opened "$victim")
kill -9 "${encoders[$((victim - 1))]}"
wait "${encoders[$((victim - 1))]}" 2> /dev/null || true
echo "killed encoder-$victim with kill -9 after ${KILL_AFTER} s; its cameras: ${victims:-none}"
wait "$cameras"
wait "$recorder"

for cam in $CAMERAS; do
  produced=$(awk -v c="camera $cam:" 'index($0, c) == 1 {print $4}' "$OUT/cameras.txt")
  read -r _ file stats < <(grep "^$cam " "$OUT/summary.txt")
  decoded=$(ffprobe -v error -count_frames -select_streams v:0 -show_entries stream=nb_read_frames -of csv=p=0 "$file")
  echo "$cam: frames-produced $produced $stats, $file decodes to $decoded frames"
done
