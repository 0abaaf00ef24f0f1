package io.github.camelvenc.examples.mqtt;

import io.github.camelvenc.engine.io.SyntheticFrames;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.eclipse.paho.mqttv5.client.MqttClient;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;
import org.eclipse.paho.mqttv5.common.packet.UserProperty;

/**
 * A camera that publishes synthetic NV12 frames on {@code cameras/<id>/frames} over MQTT v5, with the
 * user properties {@code width}, {@code height}, {@code pts} and {@code pixel-format}: what a real
 * camera gateway sends to this example. One instance per camera; not thread-safe.
 *
 * <p>Run it: {@code java -cp <classpath> io.github.camelvenc.examples.mqtt.CameraSimulator
 * tcp://127.0.0.1:1883 cam1 300 320x240 15}.
 */
public final class CameraSimulator implements AutoCloseable {
    private final MqttClient client;
    private final String cameraId;
    private final SyntheticFrames frames;
    private final int width;
    private final int height;
    private final int qos;

    /**
     * Connects a camera with an MQTT v5 clean session that reconnects within 2 s of the broker coming
     * back; frames go out at QoS {@code qos}.
     */
    public CameraSimulator(String brokerUrl, String cameraId, int width, int height, int qos) throws MqttException {
        this.cameraId = cameraId;
        this.width = width;
        this.height = height;
        this.qos = qos;
        this.frames = new SyntheticFrames(width, height);
        this.client = new MqttClient(brokerUrl, "camera-" + cameraId + "-" + System.nanoTime(), new MemoryPersistence());
        MqttConnectionOptions options = new MqttConnectionOptions();
        options.setCleanStart(true);
        options.setAutomaticReconnect(true);
        // Paho 1.2.5 shares one reconnect delay among all clients of a JVM and doubles it on every
        // failed attempt: without a small bound a broker restart costs minutes
        options.setMaxReconnectDelay(2000);
        client.connect(options);
    }

    /** Publishes synthetic frame {@code n} with pts {@code n}. */
    public void publishFrame(long n) throws MqttException {
        publish(frames.frame(n), width, height, n);
    }

    /** Publishes any payload with the given declared size and pts (for example a wrongly sized one). */
    public void publish(byte[] payload, int declaredWidth, int declaredHeight, long pts) throws MqttException {
        MqttMessage message = frameMessage(payload, declaredWidth, declaredHeight, pts);
        message.setQos(qos);
        client.publish("cameras/" + cameraId + "/frames", message);
    }

    /** A frame message as cameras send it: the payload and the user properties of its declared size and pts. */
    public static MqttMessage frameMessage(byte[] payload, int declaredWidth, int declaredHeight, long pts) {
        MqttMessage message = new MqttMessage(payload);
        MqttProperties props = new MqttProperties();
        props.setUserProperties(List.of(
                new UserProperty("width", String.valueOf(declaredWidth)),
                new UserProperty("height", String.valueOf(declaredHeight)),
                new UserProperty("pts", String.valueOf(pts)),
                new UserProperty("pixel-format", "nv12")));
        message.setProperties(props);
        return message;
    }

    /** Asks the app to make this camera's next frame an IDR. */
    public void requestIdr() throws MqttException {
        client.publish("cameras/" + cameraId + "/request-idr", "idr".getBytes(StandardCharsets.US_ASCII), 1, false);
    }

    @Override
    public void close() throws MqttException {
        try {
            client.disconnect();
        } finally {
            client.close();
        }
    }

    /** {@code brokerUrl cameraId frames WIDTHxHEIGHT fps}: publishes that many frames at that rate. */
    public static void main(String[] args) throws Exception {
        if (args.length != 5 || !args[3].matches("\\d+x\\d+")) {
            System.err.println("usage: CameraSimulator <brokerUrl> <cameraId> <frames> <WIDTHxHEIGHT> <fps>");
            System.exit(2);
        }
        String[] size = args[3].split("x");
        long count = Long.parseLong(args[2]);
        long periodNanos = 1_000_000_000L / Integer.parseInt(args[4]);
        try (CameraSimulator camera = new CameraSimulator(args[0], args[1], Integer.parseInt(size[0]),
                Integer.parseInt(size[1]), 1)) {
            long start = System.nanoTime();
            long refused = 0;
            for (long n = 0; n < count; n++) {
                try {
                    camera.publishFrame(n);
                } catch (MqttException e) {
                    // the broker is unreachable: this frame is lost, the camera goes on (and reconnects)
                    refused++;
                }
                long wait = start + (n + 1) * periodNanos - System.nanoTime();
                if (wait > 0) {
                    Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
                }
            }
            System.out.println("camera " + args[1] + ": published " + (count - refused) + " of " + count + " frames of "
                    + args[3] + (refused > 0 ? ", " + refused + " refused while the broker was unreachable" : ""));
        }
    }
}
