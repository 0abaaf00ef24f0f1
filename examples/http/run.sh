#!/usr/bin/env bash
# Runs the HTTP example end to end: builds it, starts the service on 127.0.0.1, makes a sample clip with
# ffmpeg (or takes CLIP=<file.y4m>), posts it with curl, prints what ffprobe sees in the answer and stops.
# STAY=1 keeps the service running afterwards for the live preview at http://127.0.0.1:$PORT/.
# Options (environment): PORT=8080 CODEC=h264 CLIP=<file.y4m> OUT=examples/http/target/run
set -euo pipefail
cd "$(dirname "$0")/../.."

PORT=${PORT:-8080}
CODEC=${CODEC:-h264}
OUT=${OUT:-examples/http/target/run}
BASE=http://127.0.0.1:$PORT

mvn -B -q -pl examples/http -am package -DskipTests
mkdir -p "$OUT"

CLIP=${CLIP:-}
if [ -z "$CLIP" ]; then
  CLIP=$OUT/sample-320x240.y4m
  ffmpeg -v error -y -f lavfi -i testsrc2=size=320x240:rate=25 -frames:v 100 -pix_fmt yuv420p "$CLIP"
fi

java -Dquarkus.http.port="$PORT" -jar examples/http/target/quarkus-app/quarkus-run.jar > "$OUT/app.log" 2>&1 &
app=$!
trap 'kill $app 2>/dev/null || true; wait $app 2>/dev/null || true' EXIT
for _ in $(seq 1 120); do grep -q "powered by Quarkus.*started in" "$OUT/app.log" && break; sleep 0.5; done
grep -q "powered by Quarkus.*started in" "$OUT/app.log" || { cat "$OUT/app.log"; echo "the service did not start" >&2; exit 1; }

echo "POST $CLIP to $BASE/encode/$CODEC"
curl -sS --fail-with-body -H 'Content-Type: application/octet-stream' --data-binary "@$CLIP" \
  -D "$OUT/headers.txt" -o "$OUT/sample.$CODEC" "$BASE/encode/$CODEC?rcMode=CBR&bitRate=1000&gop=25"
grep -i '^x-venc\|^content-type' "$OUT/headers.txt"
echo "$OUT/sample.$CODEC: $(ffprobe -v error -count_frames -select_streams v:0 \
  -show_entries stream=codec_name,width,height,nb_read_frames -of csv=p=0 "$OUT/sample.$CODEC")"

if [ "${STAY:-0}" = 1 ]; then
  echo "Live preview: open $BASE/ and press 'Synthetic camera on'. Ctrl-C stops the service."
  wait $app
fi
