package io.github.camelvenc.examples.kafka;

import io.github.camelvenc.engine.io.SyntheticFrames;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongPredicate;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Cameras that produce synthetic NV12 frames to the frames topic: key = camera id, value = one
 * tightly packed frame, UTF-8 text headers {@code width}, {@code height}, {@code pts} and
 * {@code pixel-format}; what a real camera gateway sends to this example. Thread-safe (one Kafka
 * producer for every camera).
 *
 * <p>Run it: {@code java -cp <classpath> io.github.camelvenc.examples.kafka.CameraSimulator
 * 127.0.0.1:9092 camera-frames 300 320x240 15 cam1 cam2 cam3}.
 */
public final class CameraSimulator implements AutoCloseable {
    private final KafkaProducer<String, byte[]> producer;
    private final String topic;
    private final SyntheticFrames frames;
    private final int width;
    private final int height;
    private final Map<String, AtomicLong> acknowledged = new ConcurrentHashMap<>();
    private final AtomicLong failed = new AtomicLong();

    /** A producer for frames of {@code width x height} to {@code topic}, acknowledged by every replica. */
    public CameraSimulator(String brokers, String topic, int width, int height) {
        this.topic = topic;
        this.width = width;
        this.height = height;
        this.frames = new SyntheticFrames(width, height);
        Map<String, Object> config = new LinkedHashMap<>();
        config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, brokers);
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.LINGER_MS_CONFIG, 0);
        config.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, 8 << 20);
        config.put(ProducerConfig.BUFFER_MEMORY_CONFIG, 64L << 20);
        this.producer = new KafkaProducer<>(config, new StringSerializer(), new ByteArraySerializer());
    }

    /** Sends synthetic frame {@code n} of the camera with pts {@code n}. */
    public Future<RecordMetadata> sendFrame(String camera, long n) {
        return send(camera, frames.frame(n), Map.of("width", String.valueOf(width), "height", String.valueOf(height),
                "pts", String.valueOf(n), "pixel-format", "nv12"));
    }

    /** Sends any value with any headers (for example a wrongly sized frame). */
    public Future<RecordMetadata> send(String camera, byte[] value, Map<String, String> headers) {
        ProducerRecord<String, byte[]> record = new ProducerRecord<>(topic, camera, value);
        headers.forEach((k, v) -> record.headers().add(new RecordHeader(k, v.getBytes(StandardCharsets.UTF_8))));
        return producer.send(record, (meta, error) -> {
            if (error == null) {
                acknowledged.computeIfAbsent(camera, c -> new AtomicLong()).incrementAndGet();
            } else {
                failed.incrementAndGet();
            }
        });
    }

    /** Frames of the camera the broker acknowledged so far. */
    public long acknowledged(String camera) {
        AtomicLong n = acknowledged.get(camera);
        return n == null ? 0 : n.get();
    }

    /** Sends that were not acknowledged. */
    public long failed() {
        return failed.get();
    }

    /** Waits until every frame sent so far is acknowledged or failed. */
    public void flush() {
        producer.flush();
    }

    @Override
    public void close() {
        producer.close();
    }

    /**
     * Sends frame 0, 1, 2... of every camera, one round of all cameras every {@code 1/fps} seconds, as
     * long as {@code more} accepts the next frame number; waits for the acknowledgements and returns the
     * number of frames sent per camera.
     */
    public long run(List<String> cameras, int fps, LongPredicate more) throws InterruptedException {
        long periodNanos = 1_000_000_000L / fps;
        long start = System.nanoTime();
        long n = 0;
        for (; more.test(n); n++) {
            for (String camera : cameras) {
                sendFrame(camera, n);
            }
            long wait = start + (n + 1) * periodNanos - System.nanoTime();
            if (wait > 0) {
                Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
            }
        }
        flush();
        return n;
    }

    /** {@code brokers topic frames WIDTHxHEIGHT fps camera...}: sends that many frames per camera at that rate. */
    public static void main(String[] args) throws Exception {
        if (args.length < 6 || !args[3].matches("\\d+x\\d+")) {
            System.err.println("usage: CameraSimulator <brokers> <topic> <frames> <WIDTHxHEIGHT> <fps> <camera>...");
            System.exit(2);
        }
        String[] size = args[3].split("x");
        List<String> cameras = new ArrayList<>(List.of(args).subList(5, args.length));
        try (CameraSimulator sim = new CameraSimulator(args[0], args[1], Integer.parseInt(size[0]),
                Integer.parseInt(size[1]))) {
            long count = Long.parseLong(args[2]);
            sim.run(cameras, Integer.parseInt(args[4]), n -> n < count);
            for (String camera : cameras) {
                System.out.println("camera " + camera + ": produced " + sim.acknowledged(camera) + " frames of " + args[3]);
            }
            if (sim.failed() > 0) {
                System.err.println(sim.failed() + " frames were not acknowledged");
                System.exit(1);
            }
        }
    }
}
