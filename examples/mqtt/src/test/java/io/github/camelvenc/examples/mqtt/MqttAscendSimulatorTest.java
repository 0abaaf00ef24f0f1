package io.github.camelvenc.examples.mqtt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.jna.Library;
import com.sun.jna.Native;
import io.github.camelvenc.engine.testing.MediaTools;
import io.github.camelvenc.engine.testing.MediaTools.Decoded;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

/**
 * The MQTT camera application with {@code backend=ascend} on the simulator (real-video mode, its own
 * surefire execution points the Ascend libraries at it): a camera's frames come back as a decodable
 * H.264 stream encoded by the simulated VENC.
 */
@QuarkusTest
@QuarkusTestResource(value = MosquittoResource.class, restrictToAnnotatedClass = true)
@TestProfile(MqttAscendSimulatorTest.Ascend.class)
class MqttAscendSimulatorTest {
    private static final int WIDTH = 320;
    private static final int HEIGHT = 240;

    /** The application's encoder options plus backend=ascend. */
    public static class Ascend implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("venc-mqtt.encoder-options",
                    "rcMode=CBR&bitRate=1000&gop=30&srcFrameRate=15&profile=baseline&backend=ascend");
        }
    }

    /** The simulator's event counters. */
    interface Sim extends Library {
        long sim_counter(String name);
    }

    @ConfigProperty(name = "camel.component.paho-mqtt5.broker-url")
    String broker;

    @Test
    void cameraStreamIsEncodedOnTheAscendBackend() throws Exception {
        int frames = 60;
        String id = "ascend";
        try (StreamSubscriber sub = new StreamSubscriber(broker, "streams/" + id + "/h264");
                CameraSimulator camera = new CameraSimulator(broker, id, WIDTH, HEIGHT, 1)) {
            for (int n = 0; n < frames; n++) {
                camera.publishFrame(n);
            }
            List<StreamSubscriber.Received> units = sub.await("streams/" + id + "/h264", frames, Duration.ofSeconds(120));
            assertEquals(frames, units.size());
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            for (StreamSubscriber.Received u : units) {
                out.write(u.payload());
            }
            Path file = Files.createDirectories(Path.of("target", "mqtt-streams")).resolve("ascend.h264");
            Files.write(file, out.toByteArray());
            Decoded video = MediaTools.decodeStrictly(file);
            assertEquals(frames, video.frames().size());
            assertEquals(WIDTH, video.width());
            assertEquals(IntStream.range(0, frames).mapToObj(n -> n % 30 == 0 ? "I" : "P").toList(), video.pictTypes());
            Sim sim = Native.load(System.getProperty("venc.acl.library"), Sim.class);
            assertTrue(sim.sim_counter("frames_encoded") >= frames, "the simulated VENC encoded the stream");
        }
    }
}
