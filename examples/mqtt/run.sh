#!/usr/bin/env bash
# Runs the MQTT example end to end: builds it, starts a private mosquitto on 127.0.0.1, starts the app,
# publishes synthetic frames from 3 cameras, records each camera's stream with mosquitto_sub and prints
# what ffprobe sees in it. Options (environment):
#   FRAMES=150 CAMERAS="cam1 cam2 cam3" SIZE=320x240 FPS=15 MQTT_PORT=18830 OUT=examples/mqtt/target/run
#   STAY=1  keep the broker and the app running afterwards (Ctrl-C stops both)
set -euo pipefail
cd "$(dirname "$0")/../.."

FRAMES=${FRAMES:-150}
CAMERAS=${CAMERAS:-"cam1 cam2 cam3"}
SIZE=${SIZE:-320x240}
FPS=${FPS:-15}
MQTT_PORT=${MQTT_PORT:-18830}
OUT=${OUT:-examples/mqtt/target/run}
BROKER=tcp://127.0.0.1:$MQTT_PORT

mvn -B -q -pl examples/mqtt -am package -DskipTests
mkdir -p "$OUT"
rm -f "$OUT"/*.h264

pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; wait 2>/dev/null || true; }
trap cleanup EXIT

printf 'listener %s 127.0.0.1\nallow_anonymous true\npersistence false\n' "$MQTT_PORT" > "$OUT/mosquitto.conf"
/usr/sbin/mosquitto -c "$OUT/mosquitto.conf" > "$OUT/mosquitto.log" 2>&1 &
pids+=($!)

java -Dcamel.component.paho-mqtt5.broker-url="$BROKER" -jar examples/mqtt/target/quarkus-app/quarkus-run.jar \
  > "$OUT/app.log" 2>&1 &
pids+=($!)
for _ in $(seq 1 120); do grep -q "powered by Quarkus.*started in" "$OUT/app.log" && break; sleep 0.5; done
grep -q "powered by Quarkus.*started in" "$OUT/app.log" || { cat "$OUT/app.log"; echo "the app did not start" >&2; exit 1; }

subs=()
for cam in $CAMERAS; do
  mosquitto_sub -V mqttv5 -h 127.0.0.1 -p "$MQTT_PORT" -q 1 -t "streams/$cam/h264" -C "$FRAMES" -N \
    > "$OUT/$cam.h264" &
  subs+=($!)
done
sleep 1

CP="examples/mqtt/target/quarkus-app/app/*:examples/mqtt/target/quarkus-app/lib/main/*"
cams=()
for cam in $CAMERAS; do
  java -cp "$CP" io.github.camelvenc.examples.mqtt.CameraSimulator "$BROKER" "$cam" "$FRAMES" "$SIZE" "$FPS" &
  cams+=($!)
done
for p in "${cams[@]}" "${subs[@]}"; do wait "$p"; done

for cam in $CAMERAS; do
  echo "$OUT/$cam.h264: $(ffprobe -v error -count_frames -select_streams v:0 \
    -show_entries stream=codec_name,profile,width,height,nb_read_frames -of csv=p=0 "$OUT/$cam.h264")"
done

if [ "${STAY:-0}" = 1 ]; then
  echo "Broker $BROKER and the app keep running; Ctrl-C stops them."
  wait
fi
