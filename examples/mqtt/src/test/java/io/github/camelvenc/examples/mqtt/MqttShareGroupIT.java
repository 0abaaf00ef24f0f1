package io.github.camelvenc.examples.mqtt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.camelvenc.engine.testing.ChildProcess;
import io.github.camelvenc.engine.testing.MediaTools;
import io.github.camelvenc.engine.testing.MediaTools.Decoded;
import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * Two instances of the packaged application in one share group on camera partition 0 (real mosquitto,
 * real MQTT v5 clients), with the partition lock: only the holder encodes; killed with SIGKILL, the
 * standby takes the lock and continues the camera on a new channel that starts with an IDR, and
 * nothing published after the failover is lost.
 */
class MqttShareGroupIT {
    private static final Path EXAMPLE = Path.of(System.getProperty("mqtt.example.dir", ".")).toAbsolutePath();
    private static final Path WORK = EXAMPLE.resolve("target/share-group-it");
    private static final String LOCK = "venc/locks/0";
    private static final String SHARED_FILTER = "$share/venc-0/cameras/0/+/frames";
    private static final String STREAM = "streams/cam1/h264";
    private static final int WIDTH = 160;
    private static final int HEIGHT = 120;
    private static final int FRAMES = 45;
    private static final int GOP = 30;
    private static final Duration WAIT = Duration.ofSeconds(90);

    @Test
    void survivorOfTheShareGroupContinuesTheCameraWithAnIdrAndLosesNothingPublishedAfterTheFailover()
            throws Exception {
        MosquittoResource mosquitto = new MosquittoResource();
        String broker = mosquitto.start().get("camel.component.paho-mqtt5.broker-url");
        try (ChildProcess a = instance("a", broker)) {
            a.awaitLog("Lock " + LOCK + " held by a: encoding", WAIT);
            try (ChildProcess b = instance("b", broker);
                    StreamSubscriber sub = new StreamSubscriber(broker, STREAM);
                    CameraSimulator camera = new CameraSimulator(broker, "0/cam1", WIDTH, HEIGHT, 1)) {
                b.awaitLog("Standing by: lock " + LOCK + " held by a", WAIT);
                for (int n = 0; n < FRAMES; n++) {
                    camera.publishFrame(n);
                }
                List<StreamSubscriber.Received> before = sub.await(STREAM, FRAMES, WAIT);
                for (int n = 0; n < FRAMES; n++) {
                    assertEquals(String.valueOf(n), before.get(n).prop("pts"), "every frame, in order, on the holder");
                    assertEquals(String.valueOf(n), before.get(n).prop("sequence"), "one channel: not split");
                }
                assertEquals(FRAMES, decode("before", before).frames().size());
                assertFalse(b.logMatches("Opened h264 channel"), "the standby encoded nothing");

                long killed = System.nanoTime();
                a.kill();
                b.awaitLog("Lock " + LOCK + " held by b: encoding", WAIT);
                long failoverMillis = (System.nanoTime() - killed) / 1_000_000;

                for (int n = FRAMES; n < 2 * FRAMES; n++) {
                    camera.publishFrame(n);
                }
                List<StreamSubscriber.Received> after = sub.await(STREAM, 2 * FRAMES, WAIT).subList(FRAMES, 2 * FRAMES);
                assertEquals("IDR", after.get(0).prop("frame-type"), "the survivor's new channel starts with an IDR");
                assertEquals("0", after.get(0).prop("sequence"));
                assertEquals(IntStream.range(FRAMES, 2 * FRAMES).mapToObj(String::valueOf).toList(),
                        after.stream().map(u -> u.prop("pts")).toList(), "every frame published after the failover");
                Decoded video = decode("after", after);
                assertEquals(FRAMES, video.frames().size());
                assertEquals("I", video.pictTypes().get(0));
                System.out.printf("mqtt share group: standby holds the lock and encodes %d ms after SIGKILL%n",
                        failoverMillis);

                try (ChildProcess c = instance("c", broker)) {
                    c.awaitLog("Standing by: lock " + LOCK + " held by b", WAIT);
                    b.stop(WAIT);
                    c.awaitLog("Lock " + LOCK + " held by c: encoding", WAIT);
                    assertTrue(b.logMatches("Standing by: stopping"), "b stopped encoding before handing over");
                    for (int n = 2 * FRAMES; n < 2 * FRAMES + GOP; n++) {
                        camera.publishFrame(n);
                    }
                    List<StreamSubscriber.Received> handedOver = sub.await(STREAM, 2 * FRAMES + GOP, WAIT)
                            .subList(2 * FRAMES, 2 * FRAMES + GOP);
                    assertEquals("IDR", handedOver.get(0).prop("frame-type"), "after a graceful stop too");
                    assertEquals(IntStream.range(2 * FRAMES, 2 * FRAMES + GOP).mapToObj(String::valueOf).toList(),
                            handedOver.stream().map(u -> u.prop("pts")).toList());
                    assertEquals(GOP, decode("handed-over", handedOver).frames().size());
                }
            }
        } finally {
            mosquitto.stop();
        }
    }

    @Test
    void withoutTheLockMosquittoSplitsEachCameraOverTheShareGroupMessageByMessage() throws Exception {
        MosquittoResource mosquitto = new MosquittoResource();
        String broker = mosquitto.start().get("camel.component.paho-mqtt5.broker-url");
        String topic = "cameras/9/cam9/frames";
        try (StreamSubscriber one = new StreamSubscriber(broker, "$share/g/cameras/9/+/frames");
                StreamSubscriber two = new StreamSubscriber(broker, "$share/g/cameras/9/+/frames");
                CameraSimulator camera = new CameraSimulator(broker, "9/cam9", WIDTH, HEIGHT, 1)) {
            for (int n = 0; n < 10; n++) {
                camera.publishFrame(n);
            }
            long deadline = System.nanoTime() + WAIT.toNanos();
            while (one.messages(topic).size() + two.messages(topic).size() < 10) {
                assertTrue(System.nanoTime() < deadline, "10 frames delivered to the share group");
                Thread.sleep(20);
            }
            List<Integer> first = one.messages(topic).stream().map(m -> Integer.parseInt(m.prop("pts"))).toList();
            List<Integer> second = two.messages(topic).stream().map(m -> Integer.parseInt(m.prop("pts"))).toList();
            int firstParity = first.get(0) % 2;
            assertEquals(IntStream.range(0, 5).map(i -> 2 * i + firstParity).boxed().toList(), first,
                    "one member gets every other frame of the camera");
            assertEquals(IntStream.range(0, 5).map(i -> 2 * i + 1 - firstParity).boxed().toList(), second,
                    "the other member gets the frames in between");
        } finally {
            mosquitto.stop();
        }
    }

    private static ChildProcess instance(String id, String broker) throws Exception {
        return ChildProcess.start("mqtt instance " + id, List.of(ChildProcess.java(), "-Xmx256m", "-XX:+UseSerialGC",
                "-Dcamel.component.paho-mqtt5.broker-url=" + broker,
                "-Dvenc-mqtt.frames-topic=" + SHARED_FILTER,
                "-Dvenc-mqtt.lock-topic=" + LOCK,
                "-Dvenc-mqtt.instance-id=" + id,
                "-Dcamel.component.venc.backend=software",
                "-jar", EXAMPLE.resolve("target/quarkus-app/quarkus-run.jar").toString()),
                Map.of(), WORK.resolve(id + ".log"));
    }

    private static Decoded decode(String name, List<StreamSubscriber.Received> units) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (StreamSubscriber.Received u : units) {
            out.write(u.payload());
        }
        Files.createDirectories(WORK);
        Path file = WORK.resolve(name + ".h264");
        Files.write(file, out.toByteArray());
        return MediaTools.decodeStrictly(file);
    }
}
