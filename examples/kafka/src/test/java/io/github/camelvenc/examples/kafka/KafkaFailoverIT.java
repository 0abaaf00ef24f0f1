package io.github.camelvenc.examples.kafka;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.camelvenc.engine.testing.ChildProcess;
import io.github.camelvenc.engine.testing.MediaTools;
import io.github.camelvenc.engine.testing.MediaTools.Decoded;
import io.github.camelvenc.examples.kafka.StreamRecorder.Unit;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.MemberDescription;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.GroupState;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.utils.Utils;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The real thing: the example's own Kafka broker (KRaft, one JVM), the packaged application as
 * separate encoder instances in one consumer group, cameras and a recorder as real Kafka clients, the
 * recorded streams decoded with ffmpeg. One instance is killed with SIGKILL mid-stream, or one is added.
 */
class KafkaFailoverIT {
    private static final Path EXAMPLE = Path.of(System.getProperty("kafka.example.dir", ".")).toAbsolutePath();
    private static final Path WORK = EXAMPLE.resolve("target/kafka-it");
    private static final int PARTITIONS = 4;
    private static final int CAMERAS = 6;
    private static final int WIDTH = 320;
    private static final int HEIGHT = 240;
    private static final int FPS = 15;
    private static final Duration SESSION_TIMEOUT = Duration.ofSeconds(6);
    /** Beyond the session timeout: the survivor's next heartbeat, the rebalance, its first fetch and encode. */
    private static final Duration TAKEOVER_GRACE = Duration.ofSeconds(5);
    private static final Duration WAIT = Duration.ofSeconds(90);

    private static KafkaBroker broker;

    @BeforeAll
    static void startBroker() throws Exception {
        broker = KafkaBroker.start(EXAMPLE, WORK.resolve("broker"));
    }

    @AfterAll
    static void stopBroker() {
        if (broker != null) {
            broker.close();
        }
    }

    @Test
    void killedInstanceCamerasMoveToTheSurvivorWithinTheSessionTimeoutLosingNothing() throws Exception {
        String prefix = "failover-";
        List<String> cameras = createTopics(prefix);
        try (ChildProcess victim = instance("fa", prefix);
                ChildProcess survivor = instance("fb", prefix);
                StreamRecorder recorder = new StreamRecorder(broker.bootstrap(), prefix + "streams");
                CameraSimulator sim = new CameraSimulator(broker.bootstrap(), prefix + "frames", WIDTH, HEIGHT);
                Feed feed = new Feed(sim, cameras)) {
            awaitStarted(victim);
            awaitStarted(survivor);
            awaitGroup(prefix + "venc", 2);

            feed.start();
            awaitEncoded(recorder, cameras, 2 * FPS);
            Set<String> victimCameras = camerasOf(recorder, cameras, "fa");
            assertFalse(victimCameras.isEmpty(), "the instance to kill encodes cameras");

            long killedAt = System.nanoTime();
            victim.kill();
            assertTrue(recorder.await(u -> victimCameras.stream().allMatch(c -> u.get(c).stream()
                    .anyMatch(x -> x.segment().startsWith("fb-") && x.receivedNanos() > killedAt)), WAIT, WAIT),
                    "the survivor took every camera of the killed instance over");
            long takenOverAt = victimCameras.stream().mapToLong(c -> recorder.units(c).stream()
                    .filter(x -> x.segment().startsWith("fb-") && x.receivedNanos() > killedAt)
                    .mapToLong(Unit::receivedNanos).min().orElseThrow()).max().orElseThrow();
            long frames = feed.stopInTwoSeconds();
            assertEquals(0, sim.failed(), "the broker acknowledged every frame");
            awaitAllFrames(recorder, cameras, frames, "every frame produced reaches the output: ");

            Duration takeover = Duration.ofNanos(takenOverAt - killedAt);
            long duplicates = 0;
            for (String c : cameras) {
                List<List<Unit>> segments = checkedSegments(recorder, c, frames);
                duplicates += duplicates(recorder.units(c));
                if (victimCameras.contains(c)) {
                    assertTrue(segments.get(0).get(0).segment().startsWith("fa-"), c + " started on the killed instance");
                    assertTrue(segments.get(segments.size() - 1).get(0).segment().startsWith("fb-"),
                            c + " ends on the survivor");
                } else {
                    assertEquals(1, segments.size(), c + ": the survivor's own cameras are not disturbed");
                }
            }
            System.out.printf("kafka failover: %d cameras %dx%d@%d fps, %d frames each, killed instance had %s, "
                    + "takeover %d ms after SIGKILL (session timeout %d ms), %d duplicates%n", cameras.size(), WIDTH,
                    HEIGHT, FPS, frames, victimCameras, takeover.toMillis(), SESSION_TIMEOUT.toMillis(), duplicates);
            assertTrue(takeover.compareTo(SESSION_TIMEOUT.plus(TAKEOVER_GRACE)) <= 0,
                    "takeover took " + takeover.toMillis() + " ms");
            assertTrue(duplicates <= 1, "one consumer thread was killed: at most its one produced but uncommitted "
                    + "frame is encoded again, got " + duplicates + " duplicates");
        }
    }

    @Test
    void addedInstanceTakesCamerasOverWithoutLossOrDuplicatesAndBadFramesAreReported() throws Exception {
        String prefix = "scale-";
        List<String> cameras = createTopics(prefix);
        try (ChildProcess first = instance("sa", prefix);
                StreamRecorder recorder = new StreamRecorder(broker.bootstrap(), prefix + "streams");
                CameraSimulator sim = new CameraSimulator(broker.bootstrap(), prefix + "frames", WIDTH, HEIGHT);
                Feed feed = new Feed(sim, cameras)) {
            awaitStarted(first);
            awaitGroup(prefix + "venc", 1);
            feed.start();
            awaitEncoded(recorder, cameras, FPS);
            String bad = cameras.get(0);
            sim.send(bad, new byte[1000], Map.of("width", "320", "height", "240", "pts", "100000")).get(30, TimeUnit.SECONDS);
            sim.send(bad, new byte[WIDTH * HEIGHT * 3 / 2], Map.of("width", "320", "height", "240"))
                    .get(30, TimeUnit.SECONDS);

            try (ChildProcess added = instance("sb", prefix)) {
                awaitStarted(added);
                awaitGroup(prefix + "venc", 2);
                assertTrue(recorder.await(u -> cameras.stream().anyMatch(c -> u.get(c).stream()
                        .anyMatch(x -> x.segment().startsWith("sb-"))), WAIT, WAIT), "the added instance encodes");
                long frames = feed.stopInTwoSeconds();
                awaitAllFrames(recorder, cameras, frames, "every frame produced reaches the output: ");

                Set<String> moved = camerasOf(recorder, cameras, "sb");
                assertFalse(moved.isEmpty());
                assertTrue(moved.size() < cameras.size(), "the first instance keeps some cameras: " + moved);
                for (String c : cameras) {
                    List<List<Unit>> segments = checkedSegments(recorder, c, frames);
                    assertEquals(0, duplicates(recorder.units(c)), c + ": a graceful rebalance encodes nothing twice");
                    List<String> owners = segments.stream().map(s -> s.get(0).segment().split("-")[0]).toList();
                    assertEquals(moved.contains(c) ? List.of("sa", "sb") : List.of("sa"), owners, c + " segments");
                    if (moved.contains(c)) {
                        assertTrue(first.logMatches("Closed channel '" + c + "' \\(partition " + prefix + "frames-\\d+ revoked\\)"),
                                c + ": the first instance closed its channel when the partition was revoked");
                    }
                }
                System.out.printf("kafka scale-out: %d cameras, %d frames each, %s moved to the added instance%n",
                        cameras.size(), frames, moved);
            }

            List<ConsumerRecord<String, String>> errors = records(prefix + "errors", 2);
            assertEquals(2, errors.size());
            assertEquals(bad, errors.get(0).key());
            assertTrue(errors.get(0).value().contains("\"pts\":\"100000\""), errors.get(0).value());
            assertTrue(errors.get(0).value().contains("holds 1000 bytes"), errors.get(0).value());
            assertTrue(errors.get(1).value().contains("record header pts is missing"), errors.get(1).value());
        }
    }

    /**
     * The application with backend=ascend on the HiMPI/ACL simulator (real-video mode): one instance
     * encodes every camera, each camera's stream decodes from its IDR with every frame.
     */
    @Test
    void ascendBackendOnTheSimulatorEncodesEveryCamera() throws Exception {
        String prefix = "ascend-";
        List<String> cameras = createTopics(prefix);
        Path trace = WORK.resolve(prefix + "trace.txt");
        Files.deleteIfExists(trace);
        try (ChildProcess encoder = instance("aa", prefix, "ascend", Map.of("VENC_SIM_VIDEO", "real",
                "VENC_SIM_TRACE", trace.toString()));
                StreamRecorder recorder = new StreamRecorder(broker.bootstrap(), prefix + "streams");
                CameraSimulator sim = new CameraSimulator(broker.bootstrap(), prefix + "frames", WIDTH, HEIGHT)) {
            awaitStarted(encoder);
            awaitGroup(prefix + "venc", 1);
            long frames = sim.run(cameras, FPS, n -> n < 2L * FPS);
            assertEquals(0, sim.failed(), "the broker acknowledged every frame");
            awaitAllFrames(recorder, cameras, frames, "every frame reaches the output: ");
            for (String c : cameras) {
                assertEquals(1, checkedSegments(recorder, c, frames).size(), c + ": one segment");
            }
            long sent = Files.readAllLines(trace).stream().filter(l -> l.equals("hi_mpi_venc_send_frame 0")).count();
            assertTrue(sent >= cameras.size() * frames, "the simulated VENC got every frame: " + sent);
        }
    }

    /** Creates the frames, streams and errors topics of {@code prefix}; returns the cameras to feed. */
    private static List<String> createTopics(String prefix) throws Exception {
        Topics.create(broker.bootstrap(), PARTITIONS, List.of(prefix + "frames", prefix + "streams", prefix + "errors"));
        return camerasOnEveryPartition();
    }

    /** Waits until every camera has at least {@code units} access units in the output. */
    private static void awaitEncoded(StreamRecorder recorder, List<String> cameras, int units) throws Exception {
        assertTrue(recorder.await(u -> cameras.stream().allMatch(c -> u.getOrDefault(c, List.of()).size() >= units),
                WAIT, WAIT), "every camera is encoded");
    }

    /** Waits until every one of the {@code frames} frames of every camera is in the output. */
    private static void awaitAllFrames(StreamRecorder recorder, List<String> cameras, long frames, String message)
            throws Exception {
        assertTrue(recorder.await(StreamRecorder.allFrames(cameras, frames), WAIT, Duration.ofSeconds(30)),
                message + summaries(recorder, cameras, frames));
    }

    /** The cameras' frames at {@link #FPS} on a thread of their own, for at most 60 s. */
    private static final class Feed implements AutoCloseable {
        private final CameraSimulator sim;
        private final List<String> cameras;
        private final AtomicBoolean stop = new AtomicBoolean();
        private final ExecutorService pool = Executors.newSingleThreadExecutor();
        private Future<Long> sent;

        Feed(CameraSimulator sim, List<String> cameras) {
            this.sim = sim;
            this.cameras = cameras;
        }

        void start() {
            sent = pool.submit(() -> sim.run(cameras, FPS, n -> !stop.get() && n < 60L * FPS));
        }

        /** Lets the cameras go on for two more seconds, stops them and returns how many frames each sent. */
        long stopInTwoSeconds() throws Exception {
            Thread.sleep(2000);
            stop.set(true);
            return sent.get(60, TimeUnit.SECONDS);
        }

        @Override
        public void close() {
            pool.shutdownNow();
        }
    }

    /** An encoder instance: the packaged application, with a short session timeout. */
    private static ChildProcess instance(String id, String prefix) throws Exception {
        return instance(id, prefix, "software", Map.of());
    }

    /** An encoder instance on the given backend, with extra environment variables. */
    private static ChildProcess instance(String id, String prefix, String backend, Map<String, String> env)
            throws Exception {
        Path app = EXAMPLE.resolve("target/quarkus-app/quarkus-run.jar");
        Path sim = EXAMPLE.resolve("../../native/target/himpi-sim").normalize();
        return ChildProcess.start("encoder " + id, List.of(ChildProcess.java(), "-Xmx256m", "-XX:+UseSerialGC",
                "-Dcamel.component.kafka.brokers=" + broker.bootstrap(),
                "-Dcamel.component.kafka.session-timeout-ms=" + SESSION_TIMEOUT.toMillis(),
                "-Dcamel.component.kafka.heartbeat-interval-ms=1000",
                "-Dvenc-kafka.instance-id=" + id,
                "-Dvenc-kafka.group-id=" + prefix + "venc",
                "-Dvenc-kafka.frames-topic=" + prefix + "frames",
                "-Dvenc-kafka.streams-topic=" + prefix + "streams",
                "-Dvenc-kafka.errors-topic=" + prefix + "errors",
                "-Dcamel.component.venc.backend=" + backend,
                "-Dvenc.acl.library=" + sim.resolve("libascendcl.so"),
                "-Dvenc.himpi.library=" + sim.resolve("libacl_dvpp_mpi.so"),
                "-jar", app.toString()), env, WORK.resolve(prefix + id + ".log"));
    }

    private static void awaitStarted(ChildProcess instance) throws Exception {
        instance.awaitLog("powered by Quarkus.*started in", WAIT);
    }

    /** Waits until the group is stable with {@code members} members that share every partition. */
    private static void awaitGroup(String group, int members) throws Exception {
        long deadline = System.nanoTime() + WAIT.toNanos();
        try (Admin admin = broker.admin()) {
            BooleanSupplier ready = () -> {
                try {
                    ConsumerGroupDescription d = admin.describeConsumerGroups(List.of(group)).describedGroups()
                            .get(group).get(10, TimeUnit.SECONDS);
                    return d.groupState() == GroupState.STABLE && d.members().size() == members
                            && d.members().stream().allMatch(m -> !m.assignment().topicPartitions().isEmpty())
                            && d.members().stream().map(MemberDescription::assignment)
                                    .mapToInt(a -> a.topicPartitions().size()).sum() == PARTITIONS;
                } catch (Exception notYet) {
                    return false;
                }
            };
            while (!ready.getAsBoolean()) {
                assertTrue(System.nanoTime() < deadline, "group " + group + " not stable with " + members + " members");
                Thread.sleep(200);
            }
        }
    }

    /** Six camera ids whose records spread over all four partitions (Kafka's default partitioner). */
    private static List<String> camerasOnEveryPartition() {
        Map<Integer, List<String>> byPartition = new LinkedHashMap<>();
        List<String> chosen = new ArrayList<>();
        for (int i = 1; chosen.size() < CAMERAS; i++) {
            String id = "cam" + i;
            int p = Utils.toPositive(Utils.murmur2(id.getBytes(StandardCharsets.UTF_8))) % PARTITIONS;
            boolean covered = byPartition.size() == PARTITIONS;
            if (covered || !byPartition.containsKey(p)) {
                byPartition.computeIfAbsent(p, k -> new ArrayList<>()).add(id);
                chosen.add(id);
            }
        }
        return List.copyOf(new TreeSet<>(chosen));
    }

    /** The cameras with at least one segment from the instance {@code id}. */
    private static Set<String> camerasOf(StreamRecorder recorder, List<String> cameras, String id) {
        Set<String> of = new TreeSet<>();
        for (String c : cameras) {
            if (recorder.units(c).stream().anyMatch(u -> u.segment().startsWith(id + "-"))) {
                of.add(c);
            }
        }
        return of;
    }

    /**
     * The camera's segments, each checked: contiguous in the stream, starting with an IDR of sequence 0,
     * consecutive sequence numbers, pts strictly increasing, and decoding on its own to one 320x240
     * frame per access unit; no pts outside the frames produced.
     */
    private static List<List<Unit>> checkedSegments(StreamRecorder recorder, String camera, long frames) throws Exception {
        List<List<Unit>> segments = new ArrayList<>();
        Set<String> ids = new HashSet<>();
        for (Unit u : recorder.units(camera)) {
            assertTrue(u.pts() >= 0 && u.pts() < frames, camera + ": pts " + u.pts() + " was never produced");
            if (segments.isEmpty() || !segments.get(segments.size() - 1).get(0).segment().equals(u.segment())) {
                assertTrue(ids.add(u.segment()), camera + ": segment " + u.segment() + " is not contiguous");
                segments.add(new ArrayList<>());
            }
            segments.get(segments.size() - 1).add(u);
        }
        for (List<Unit> s : segments) {
            String where = camera + " segment " + s.get(0).segment();
            assertEquals("IDR", s.get(0).frameType(), where + " starts with an IDR");
            assertTrue(s.get(0).keyFrame(), where);
            for (int i = 0; i < s.size(); i++) {
                assertEquals(i, s.get(i).sequence(), where + ": consecutive sequence numbers from 0");
                if (i > 0) {
                    assertTrue(s.get(i).pts() > s.get(i - 1).pts(), where + ": pts in order, " + s.get(i - 1).pts()
                            + " then " + s.get(i).pts());
                }
            }
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            for (Unit u : s) {
                out.write(u.data());
            }
            Path file = WORK.resolve("streams").resolve(camera + "-" + s.get(0).segment() + ".h264");
            Files.createDirectories(file.getParent());
            Files.write(file, out.toByteArray());
            Decoded video = MediaTools.decodeStrictly(file);
            assertEquals(s.size(), video.frames().size(), where + " decodes from its first IDR");
            assertEquals(WIDTH, video.width());
            assertEquals(HEIGHT, video.height());
            assertEquals("I", video.pictTypes().get(0));
        }
        return segments;
    }

    private static long duplicates(List<Unit> units) {
        Set<Long> seen = new HashSet<>();
        return units.stream().filter(u -> !seen.add(u.pts())).count();
    }

    private static String summaries(StreamRecorder recorder, List<String> cameras, long frames) {
        StringBuilder b = new StringBuilder();
        cameras.forEach(c -> b.append('\n').append(c).append(' ').append(recorder.summary(c, frames)));
        return b.toString();
    }

    /** The first {@code count} records of a topic's partitions, in partition and offset order. */
    private static List<ConsumerRecord<String, String>> records(String topic, int count) throws Exception {
        List<ConsumerRecord<String, String>> got = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(
                Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrap()),
                new StringDeserializer(), new StringDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                    .map(p -> new TopicPartition(topic, p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (got.size() < count && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(200)).forEach(got::add);
            }
        }
        return got;
    }
}
