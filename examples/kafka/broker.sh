#!/usr/bin/env bash
# A one-node Apache Kafka broker (KRaft: broker and controller in one JVM) on 127.0.0.1, run from the
# Maven Central jars that the build copies to examples/kafka-broker/target/lib. No containers.
#   broker.sh start [PORT]   formats a fresh storage directory, starts the broker in the background,
#                            waits until it accepts connections (default PORT 9092)
#   broker.sh stop [PORT]    stops the broker started on PORT
#   broker.sh run [PORT]     formats and runs the broker in the foreground (what the tests start)
# Environment: CONTROLLER_PORT (default PORT+1), KAFKA_DATA (default examples/kafka/target/broker-PORT:
# storage, server.properties, broker.log, broker.pid), KAFKA_HEAP (default -Xmx512m).
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
LIB="$HERE/../kafka-broker/target/lib"

CMD=${1:-}
PORT=${2:-9092}
CONTROLLER_PORT=${CONTROLLER_PORT:-$((PORT + 1))}
DATA=${KAFKA_DATA:-$HERE/target/broker-$PORT}
JAVA_OPTS=(${KAFKA_HEAP:--Xmx512m} -XX:+UseSerialGC -XX:TieredStopAtLevel=1
  -Dorg.slf4j.simpleLogger.defaultLogLevel=warn -Dorg.slf4j.simpleLogger.showDateTime=true)

usage() { echo "usage: $0 start|stop|run [PORT]" >&2; exit 2; }

format() {
  if [ ! -d "$LIB" ]; then
    echo "no broker class path in $LIB: build first (mvn -B -q -pl examples/kafka -am package -DskipTests)" >&2
    exit 1
  fi
  rm -rf "$DATA/logs"
  mkdir -p "$DATA/logs"
  cat > "$DATA/server.properties" <<PROPS
process.roles=broker,controller
node.id=1
controller.quorum.voters=1@127.0.0.1:$CONTROLLER_PORT
listeners=PLAINTEXT://127.0.0.1:$PORT,CONTROLLER://127.0.0.1:$CONTROLLER_PORT
advertised.listeners=PLAINTEXT://127.0.0.1:$PORT
controller.listener.names=CONTROLLER
listener.security.protocol.map=CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT
inter.broker.listener.name=PLAINTEXT
log.dirs=$DATA/logs
num.partitions=1
offsets.topic.num.partitions=1
offsets.topic.replication.factor=1
transaction.state.log.num.partitions=1
transaction.state.log.replication.factor=1
transaction.state.log.min.isr=1
share.coordinator.state.topic.num.partitions=1
share.coordinator.state.topic.replication.factor=1
share.coordinator.state.topic.min.isr=1
group.initial.rebalance.delay.ms=0
message.max.bytes=8388608
PROPS
  local uuid
  uuid=$(java -cp "$LIB/*" "${JAVA_OPTS[@]}" kafka.tools.StorageTool random-uuid)
  java -cp "$LIB/*" "${JAVA_OPTS[@]}" kafka.tools.StorageTool format -t "$uuid" -c "$DATA/server.properties" \
    > "$DATA/format.log" 2>&1 || { cat "$DATA/format.log" >&2; exit 1; }
}

listening() { (exec 3<>"/dev/tcp/127.0.0.1/$PORT") 2>/dev/null; }

case "$CMD" in
  run)
    format
    exec java -cp "$LIB/*" "${JAVA_OPTS[@]}" kafka.Kafka "$DATA/server.properties"
    ;;
  start)
    if listening; then echo "port $PORT is already in use" >&2; exit 1; fi
    format
    nohup java -cp "$LIB/*" "${JAVA_OPTS[@]}" kafka.Kafka "$DATA/server.properties" > "$DATA/broker.log" 2>&1 &
    echo $! > "$DATA/broker.pid"
    for _ in $(seq 1 120); do
      if listening; then echo "Kafka broker on 127.0.0.1:$PORT (pid $(cat "$DATA/broker.pid"), data $DATA)"; exit 0; fi
      kill -0 "$(cat "$DATA/broker.pid")" 2>/dev/null || { cat "$DATA/broker.log" >&2; echo "the broker exited" >&2; exit 1; }
      sleep 0.5
    done
    echo "the broker did not listen on 127.0.0.1:$PORT within 60 s; see $DATA/broker.log" >&2
    exit 1
    ;;
  stop)
    [ -f "$DATA/broker.pid" ] || { echo "no broker started on port $PORT (no $DATA/broker.pid)" >&2; exit 1; }
    pid=$(cat "$DATA/broker.pid")
    kill "$pid" 2>/dev/null || true
    for _ in $(seq 1 60); do kill -0 "$pid" 2>/dev/null || break; sleep 0.5; done
    kill -9 "$pid" 2>/dev/null || true
    rm -f "$DATA/broker.pid"
    echo "Kafka broker on port $PORT stopped"
    ;;
  *) usage ;;
esac
