package io.github.camelvenc.examples.mqtt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.eclipse.microprofile.config.inject.ConfigProperty;
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

    @ConfigProperty(name = "camel.component.paho-mqtt5.broker-url")
    String broker;

    @Inject
    IdrRequests idrRequests;

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
