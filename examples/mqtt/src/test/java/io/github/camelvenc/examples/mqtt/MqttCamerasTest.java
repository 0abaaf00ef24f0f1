package io.github.camelvenc.examples.mqtt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.camelvenc.camel.VencEndpoint;
import io.github.camelvenc.engine.io.SyntheticFrames;
import io.github.camelvenc.engine.testing.ContainerReaders;
import io.github.camelvenc.engine.testing.MediaTools;
import io.github.camelvenc.engine.testing.MediaTools.Decoded;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.component.paho.mqtt5.PahoMqtt5Constants;
import org.apache.camel.component.paho.mqtt5.PahoMqtt5Message;
import org.apache.camel.support.DefaultExchange;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.junit.jupiter.api.Test;

/** Real mosquitto, real MQTT v5 cameras and subscribers, real encoder; outputs decoded with ffmpeg. */
@QuarkusTest
@QuarkusTestResource(value = MosquittoResource.class, restrictToAnnotatedClass = true)
class MqttCamerasTest {
    /** Recordings folder under target/ and segment length the test application runs with. */
    static final String RECORDINGS = "mqtt-recordings";
    static final int SEGMENT_SECONDS = 10;
    private static final int WIDTH = 160;
    private static final int HEIGHT = 120;
    private static final int GOP = 30;
    private static final Duration TIMEOUT = Duration.ofSeconds(120);
    private static final Pattern JSON_LOST = Pattern.compile("\"lost\":(\\d+)");

    @ConfigProperty(name = "camel.component.paho-mqtt5.broker-url")
    String broker;

    @Inject
    IdrRequests idrRequests;

    @Inject
    CamelContext camel;

    @Inject
    ProducerTemplate template;

    @Test
    void threeCamerasConcurrentlyEachWithABadFrame() throws Exception {
        List<String> cameras = List.of("cam1", "cam2", "cam3");
        int frames = 300;
        try (StreamSubscriber sub = new StreamSubscriber(broker, "streams/+/h264", "cameras/+/errors")) {
            ExecutorService pool = Executors.newFixedThreadPool(cameras.size());
            try {
                List<Future<?>> done = new ArrayList<>();
                for (String id : cameras) {
                    done.add(pool.submit(() -> {
                        try (CameraSimulator camera = new CameraSimulator(broker, id, WIDTH, HEIGHT, 1)) {
                            for (int n = 0; n < frames; n++) {
                                camera.publishFrame(n);
                                if (n == 150) {
                                    camera.publish(new byte[1000], WIDTH, HEIGHT, 9999);
                                }
                            }
                        }
                        return null;
                    }));
                }
                for (Future<?> f : done) {
                    f.get();
                }
            } finally {
                pool.shutdown();
            }
            for (String id : cameras) {
                List<StreamSubscriber.Received> units = sub.await("streams/" + id + "/h264", frames, TIMEOUT);
                assertEquals(frames, units.size(), id + ": one access unit per good frame");
                for (int n = 0; n < frames; n++) {
                    StreamSubscriber.Received u = units.get(n);
                    assertEquals(String.valueOf(n), u.prop("pts"), id + ": access units in frame order");
                    boolean idr = n % GOP == 0;
                    assertEquals(idr ? "IDR" : "P", u.prop("frame-type"), id + " frame " + n);
                    assertEquals(String.valueOf(idr), u.prop("key-frame"), id + " frame " + n);
                }
                Decoded video = MediaTools.decodeStrictly(write(id, units));
                assertEquals(frames, video.frames().size(), id + ": decoded frames");
                assertEquals(WIDTH, video.width());
                assertEquals(HEIGHT, video.height());
                assertEquals(IntStream.range(0, frames).mapToObj(n -> n % GOP == 0 ? "I" : "P").toList(),
                        video.pictTypes(), id + ": I every gop frames");

                assertRecorded(id, frames);

                List<StreamSubscriber.Received> errors = sub.await("cameras/" + id + "/errors", 1, TIMEOUT);
                assertEquals(1, errors.size(), id + ": exactly the bad frame is reported");
                String report = new String(errors.get(0).payload(), StandardCharsets.UTF_8);
                assertTrue(report.contains("\"camera\":\"" + id + "\""), report);
                assertTrue(report.contains("\"pts\":\"9999\""), report);
                assertTrue(report.contains("payload has 1000 bytes, a 160x120 NV12 frame has 28800"), report);
            }
        }
    }

    /**
     * The camera's recording: rolling fMP4 segments of SEGMENT_SECONDS (150 frames at 15 fps), each
     * starting with its IDR and playable on its own.
     */
    private static void assertRecorded(String id, int frames) throws Exception {
        List<Path> segments;
        try (Stream<Path> s = Files.list(Path.of("target", RECORDINGS, id))) {
            segments = s.sorted().toList();
        }
        int perSegment = SEGMENT_SECONDS * 15;
        assertEquals(frames / perSegment, segments.size(), id + " segments: " + segments);
        for (Path segment : segments) {
            assertTrue(segment.getFileName().toString().matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d-\\d\\d-\\d\\d\\.mp4"),
                    segment.toString());
            ContainerReaders.Probe probe = ContainerReaders.ffprobe(segment.toString());
            assertEquals(perSegment, probe.frames(), segment + ": " + probe);
            assertEquals(SEGMENT_SECONDS, probe.duration(), 0.05, segment + ": " + probe);
            assertEquals("avc1", probe.tag(), segment.toString());
            assertEquals(0, MediaTools.keyFrameIndexes(segment).get(0), segment + " starts with its IDR");
            ContainerReaders.decodeStrictly(segment.toString());
        }
    }

    @Test
    void lateSubscriberDecodesFromTheRetainedIdrAndTheNextKeyFrame() throws Exception {
        String id = "late";
        String topic = "streams/" + id + "/h264";
        try (StreamSubscriber early = new StreamSubscriber(broker, topic);
                CameraSimulator camera = new CameraSimulator(broker, id, WIDTH, HEIGHT, 1)) {
            for (int n = 0; n < 45; n++) {
                camera.publishFrame(n);
            }
            early.await(topic, 45, TIMEOUT);
            try (StreamSubscriber late = new StreamSubscriber(broker, topic, topic + "/idr")) {
                StreamSubscriber.Received retained = late.await(topic + "/idr", 1, TIMEOUT).get(0);
                assertTrue(retained.retained(), "the latest IDR is a retained message");
                assertEquals("30", retained.prop("pts"), "the retained IDR is the latest one");
                Decoded still = MediaTools.decodeStrictly(write(id + "-retained", List.of(retained)));
                assertEquals(1, still.frames().size(), "the retained IDR decodes on its own");
                assertEquals(WIDTH, still.width());

                for (int n = 45; n < 90; n++) {
                    camera.publishFrame(n);
                }
                List<StreamSubscriber.Received> live = late.await(topic, 45, TIMEOUT);
                assertEquals("45", live.get(0).prop("pts"));
                int firstKey = IntStream.range(0, live.size())
                        .filter(i -> "true".equals(live.get(i).prop("key-frame"))).findFirst().orElseThrow();
                assertTrue(firstKey < GOP, "a key frame within one gop, got it after " + firstKey + " frames");
                assertEquals("60", live.get(firstKey).prop("pts"));
                Decoded video = MediaTools.decodeStrictly(write(id, live.subList(firstKey, live.size())));
                assertEquals(30, video.frames().size(), "decodes every frame from the first key frame on");
            }
        }
    }

    @Test
    void idrRequestMakesTheNextFrameAnIdr() throws Exception {
        String id = "asker";
        String topic = "streams/" + id + "/h264";
        try (StreamSubscriber early = new StreamSubscriber(broker, topic);
                CameraSimulator camera = new CameraSimulator(broker, id, WIDTH, HEIGHT, 1)) {
            for (int n = 0; n < 40; n++) {
                camera.publishFrame(n);
            }
            early.await(topic, 40, TIMEOUT);
            try (StreamSubscriber late = new StreamSubscriber(broker, topic)) {
                camera.requestIdr();
                long deadline = System.nanoTime() + TIMEOUT.toNanos();
                while (!idrRequests.isPending(id)) {
                    assertTrue(System.nanoTime() < deadline, "the IDR request reached the app");
                    Thread.sleep(10);
                }
                for (int n = 40; n < 55; n++) {
                    camera.publishFrame(n);
                }
                List<StreamSubscriber.Received> live = late.await(topic, 15, TIMEOUT);
                assertEquals("40", live.get(0).prop("pts"));
                assertEquals("IDR", live.get(0).prop("frame-type"), "the frame after the request is an IDR");
                Decoded video = MediaTools.decodeStrictly(write(id, live));
                assertEquals(15, video.frames().size(), "the late subscriber decodes from its first message on");
                assertEquals(List.of("I"), video.pictTypes().subList(0, 1));
            }
        }
    }

    @Test
    void aBrokerRestartDuringAStreamCostsSecondsAndLostFramesAreReported() throws Exception {
        String id = "phoenix";
        String topic = "streams/" + id + "/h264";
        try (StreamSubscriber sub = new StreamSubscriber(broker, topic, "cameras/ghost/errors", "cameras/" + id + "/errors");
                CameraSimulator camera = new CameraSimulator(broker, id, WIDTH, HEIGHT, 1)) {
            AtomicBoolean running = new AtomicBoolean(true);
            AtomicLong refused = new AtomicLong();
            AtomicLong firstAfterOutage = new AtomicLong(-1);
            Thread feed = new Thread(() -> {
                SyntheticFrames frames = new SyntheticFrames(WIDTH, HEIGHT);
                for (long n = 0; running.get(); n++) {
                    try {
                        camera.publish(frames.frame(n), WIDTH, HEIGHT, n);
                        if (refused.get() > 0) {
                            firstAfterOutage.compareAndSet(-1, n);
                        }
                    } catch (MqttException e) {
                        refused.incrementAndGet();
                    }
                    LockSupport.parkNanos(Duration.ofMillis(66).toNanos());
                }
            }, "camera-phoenix");
            feed.start();
            try {
                sub.await(topic, 20, TIMEOUT);
                MosquittoResource.stopBroker();
                long stopped = System.nanoTime();
                // once the app's clients know the broker is gone, frames that reach the app cannot be published
                LockSupport.parkNanos(Duration.ofMillis(1500).toNanos());
                SyntheticFrames ghost = new SyntheticFrames(WIDTH, HEIGHT);
                for (int n = 0; n < 5; n++) {
                    inject("ghost", ghost, n);
                }
                LockSupport.parkNanos(Duration.ofSeconds(3).toNanos() - (System.nanoTime() - stopped));
                MosquittoResource.startBroker();
                long restarted = System.nanoTime();

                StreamSubscriber.Received resumed = sub.awaitFirst(topic, u -> firstAfterOutage.get() >= 0
                        && Long.parseLong(u.prop("pts")) >= firstAfterOutage.get(), Duration.ofSeconds(10));
                double resumedAfter = (resumed.arrivedNanos() - restarted) / 1e9;
                System.out.printf("broker restart: a frame published after the restart came out %.1f s after it; "
                        + "the camera could not publish %d frames while the broker was down%n", resumedAfter, refused.get());
                int from = sub.messages(topic).indexOf(resumed);
                List<StreamSubscriber.Received> received = sub.await(topic, from + 45, TIMEOUT);
                Map<String, StreamSubscriber.Received> unique = new LinkedHashMap<>();
                received.forEach(u -> unique.putIfAbsent(u.prop("sequence"), u));
                Decoded video = MediaTools.decodeStrictly(write(id + "-across-restart", List.copyOf(unique.values())));
                assertEquals(unique.size(), video.frames().size(),
                        "every access unit received before and after the restart decodes, in order");
                long lost = sub.messages("cameras/" + id + "/errors").stream()
                        .map(r -> JSON_LOST.matcher(new String(r.payload(), StandardCharsets.UTF_8)))
                        .filter(Matcher::find).mapToLong(m -> Long.parseLong(m.group(1))).sum();
                System.out.printf("broker restart: %d access units received (%d duplicates), %d reported lost%n",
                        received.size(), received.size() - unique.size(), lost);

                String report = new String(sub.await("cameras/ghost/errors", 1, TIMEOUT).get(0).payload(),
                        StandardCharsets.UTF_8);
                assertTrue(report.contains("\"lost\":5"), "frames that could not be published are reported: " + report);
            } finally {
                running.set(false);
                feed.join();
            }
        }
    }

    @Test
    void aCameraBeyondMaxChannelsIsReportedOnItsErrorTopicWhileTheOthersGoOn() throws Exception {
        VencEndpoint encoder = camel.getEndpoints().stream().filter(VencEndpoint.class::isInstance)
                .map(VencEndpoint.class::cast).findFirst().orElseThrow();
        int max = encoder.getConfiguration().effectiveMaxChannels();
        assertEquals(12, max, "maxChannels of the test profile");
        List<String> crowd = new ArrayList<>();
        try (StreamSubscriber sub = new StreamSubscriber(broker, "cameras/crowd-extra/errors", "streams/crowd-0/h264")) {
            SyntheticFrames frames = new SyntheticFrames(WIDTH, HEIGHT);
            for (int i = 0; encoder.openChannels().size() < max; i++) {
                crowd.add("crowd-" + i);
                inject("crowd-" + i, frames, 0);
            }
            inject("crowd-extra", frames, 0);
            String report = new String(sub.await("cameras/crowd-extra/errors", 1, TIMEOUT).get(0).payload(),
                    StandardCharsets.UTF_8);
            assertTrue(report.contains("Cannot open a channel for key 'crowd-extra'")
                    && report.contains("maxChannels=12"), report);
            inject("crowd-0", frames, 1);
            List<StreamSubscriber.Received> goesOn = sub.await("streams/crowd-0/h264", 2, TIMEOUT);
            assertEquals(List.of("0", "1"), goesOn.stream().map(u -> u.prop("pts")).toList(), "an open camera goes on");
            assertEquals("P", goesOn.get(1).prop("frame-type"));
        } finally {
            crowd.forEach(id -> encoder.closeChannel(id, "test done"));
        }
    }

    /** Hands one frame of {@code camera} to the app as if the broker had delivered it. */
    private void inject(String camera, SyntheticFrames frames, long pts) {
        Exchange e = new DefaultExchange(camel);
        PahoMqtt5Message frame = new PahoMqtt5Message(camel, CameraSimulator.frameMessage(frames.frame(pts), WIDTH,
                HEIGHT, pts));
        frame.setBody(frames.frame(pts));
        frame.setHeader(PahoMqtt5Constants.MQTT_TOPIC, "cameras/" + camera + "/frames");
        e.setIn(frame);
        template.send(CameraRoutes.CAMERA_FRAME, e);
    }

    private static Path write(String name, List<StreamSubscriber.Received> units) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (StreamSubscriber.Received u : units) {
            out.write(u.payload());
        }
        Path dir = Path.of("target", "mqtt-streams");
        Files.createDirectories(dir);
        Path file = dir.resolve(name + ".h264");
        Files.write(file, out.toByteArray());
        return file;
    }
}
