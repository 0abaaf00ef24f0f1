package io.github.camelvenc.examples.kafka;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * Reads every partition of the streams topic from the beginning (no consumer group, nothing
 * committed) and keeps each camera's access units in order; writes each camera's stream to
 * {@code <camera>.h264} or {@code .h265}. Thread-safe.
 *
 * <p>Run it: {@code java -cp <classpath> io.github.camelvenc.examples.kafka.StreamRecorder
 * 127.0.0.1:9092 camera-streams target/run 300 10 cam1 cam2 cam3}: records until each camera has
 * pts 0..299 or nothing came for 10 s, writes the files and prints one summary line per camera.
 */
public final class StreamRecorder implements AutoCloseable {

    /** One access unit as recorded, with its headers and when this recorder received it. */
    public record Unit(String camera, int partition, long offset, long pts, String frameType, boolean keyFrame,
            long sequence, String segment, String codec, byte[] data, long receivedNanos) {
    }

    private final KafkaConsumer<String, byte[]> consumer;
    private final Thread poller;
    private final Map<String, List<Unit>> byCamera = new TreeMap<>();
    private volatile Throwable failure;
    private long lastReceived = System.nanoTime();

    /** Starts reading {@code topic} from the beginning of each of its partitions. */
    public StreamRecorder(String brokers, String topic) {
        Map<String, Object> config = new LinkedHashMap<>();
        config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, brokers);
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_uncommitted");
        consumer = new KafkaConsumer<>(config, new StringDeserializer(), new ByteArrayDeserializer());
        List<TopicPartition> partitions = consumer.partitionsFor(topic, Duration.ofSeconds(30)).stream()
                .map(p -> new TopicPartition(topic, p.partition())).toList();
        consumer.assign(partitions);
        consumer.seekToBeginning(partitions);
        poller = new Thread(this::poll, "stream-recorder");
        poller.setDaemon(true);
        poller.start();
    }

    private void poll() {
        try {
            while (true) {
                for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                    Unit u = new Unit(r.key(), r.partition(), r.offset(), Long.parseLong(header(r, "pts")),
                            header(r, "frame-type"), Boolean.parseBoolean(header(r, "key-frame")),
                            Long.parseLong(header(r, "sequence")), header(r, "segment"), header(r, "codec"), r.value(),
                            System.nanoTime());
                    synchronized (byCamera) {
                        byCamera.computeIfAbsent(u.camera(), c -> new ArrayList<>()).add(u);
                        lastReceived = u.receivedNanos();
                        byCamera.notifyAll();
                    }
                }
            }
        } catch (WakeupException stop) {
            // close() woke the poller up
        } catch (Throwable t) {
            failure = t;
            synchronized (byCamera) {
                byCamera.notifyAll();
            }
        } finally {
            consumer.close();
        }
    }

    private static String header(ConsumerRecord<?, ?> r, String name) {
        Header h = r.headers().lastHeader(name);
        if (h == null) {
            throw new IllegalStateException("record " + r.topic() + "-" + r.partition() + "@" + r.offset()
                    + " has no header " + name);
        }
        return new String(h.value(), StandardCharsets.UTF_8);
    }

    /** The camera's access units so far, in the order of its partition. */
    public List<Unit> units(String camera) {
        synchronized (byCamera) {
            return List.copyOf(byCamera.getOrDefault(camera, List.of()));
        }
    }

    /** The cameras seen so far. */
    public Set<String> cameras() {
        synchronized (byCamera) {
            return Set.copyOf(byCamera.keySet());
        }
    }

    /**
     * Waits until {@code done} holds for the recorded units (camera to units), or until {@code timeout},
     * or until nothing arrived for {@code idle}; returns whether {@code done} holds.
     */
    public boolean await(Predicate<Map<String, List<Unit>>> done, Duration timeout, Duration idle)
            throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (byCamera) {
            while (!done.test(byCamera)) {
                if (failure != null) {
                    throw new IllegalStateException("the recorder failed", failure);
                }
                long now = System.nanoTime();
                if (now > deadline || now - lastReceived > idle.toNanos()) {
                    return false;
                }
                byCamera.wait(100);
            }
            return true;
        }
    }

    /** True when every camera has every pts in 0..frames-1. */
    public static Predicate<Map<String, List<Unit>>> allFrames(List<String> cameras, long frames) {
        return units -> cameras.stream().allMatch(c -> missing(units.getOrDefault(c, List.of()), frames) == 0);
    }

    /** How many of pts 0..frames-1 have no access unit. */
    static long missing(List<Unit> units, long frames) {
        Set<Long> seen = new HashSet<>();
        units.forEach(u -> seen.add(u.pts()));
        long missing = 0;
        for (long p = 0; p < frames; p++) {
            if (!seen.contains(p)) {
                missing++;
            }
        }
        return missing;
    }

    /** Writes the camera's access units, in order, to {@code dir/<camera>.<codec>}; returns the file. */
    public Path write(String camera, Path dir) throws IOException {
        List<Unit> units = units(camera);
        String codec = units.isEmpty() ? "h264" : units.get(0).codec();
        Files.createDirectories(dir);
        Path file = dir.resolve(camera + "." + codec);
        try (OutputStream out = Files.newOutputStream(file)) {
            for (Unit u : units) {
                out.write(u.data());
            }
        }
        return file;
    }

    /** {@code access-units N duplicates N missing N segments N}: the camera's stream against pts 0..frames-1. */
    public String summary(String camera, long frames) {
        List<Unit> units = units(camera);
        Set<Long> seen = new HashSet<>();
        long duplicates = units.stream().filter(u -> !seen.add(u.pts())).count();
        Set<String> segments = new LinkedHashSet<>();
        units.forEach(u -> segments.add(u.segment()));
        return "access-units " + units.size() + " duplicates " + duplicates + " missing " + missing(units, frames)
                + " segments " + segments.size();
    }

    @Override
    public void close() throws InterruptedException {
        consumer.wakeup();
        poller.join(10_000);
    }

    /** {@code brokers topic outDir frames idleSeconds camera...}. */
    public static void main(String[] args) throws Exception {
        if (args.length < 6) {
            System.err.println("usage: StreamRecorder <brokers> <topic> <outDir> <frames> <idleSeconds> <camera>...");
            System.exit(2);
        }
        long frames = Long.parseLong(args[3]);
        Duration idle = Duration.ofSeconds(Long.parseLong(args[4]));
        List<String> cameras = List.of(args).subList(5, args.length);
        try (StreamRecorder recorder = new StreamRecorder(args[0], args[1])) {
            recorder.await(allFrames(cameras, frames), Duration.ofHours(1), idle);
            for (String camera : cameras) {
                Path file = recorder.write(camera, Path.of(args[2]));
                System.out.println(camera + " " + file + " " + recorder.summary(camera, frames));
            }
        }
    }
}
