package io.github.camelvenc.examples.mqtt;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A real mosquitto broker on a free loopback port, started before the application and stopped after
 * the tests; the application gets its URL as {@code camel.component.paho-mqtt5.broker-url}. A test
 * can stop and restart it on the same port ({@link #stopBroker()}, {@link #startBroker()}); with
 * persistence on, sessions, subscriptions and queued QoS 1 messages survive the restart.
 */
public class MosquittoResource implements QuarkusTestResourceLifecycleManager {
    private static volatile MosquittoResource current;
    private Process process;
    private Path dir;
    private Path conf;
    private int port;

    @Override
    public Map<String, String> start() {
        try {
            dir = Files.createTempDirectory("mosquitto");
            try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
                port = s.getLocalPort();
            }
            conf = dir.resolve("mosquitto.conf");
            Files.writeString(conf, String.join("\n",
                    "listener " + port + " 127.0.0.1",
                    "allow_anonymous true",
                    // started as root, mosquitto runs as the user 'mosquitto', which cannot write the test's private
                    // temporary folder: the sessions were not saved at a stop, and a restart lost every subscription
                    "user " + System.getProperty("user.name"),
                    "persistence true",
                    "persistence_location " + dir + "/",
                    "max_queued_messages 10000",
                    "log_dest stdout",
                    "log_type error",
                    "log_type warning",
                    ""));
            launch();
            current = this;
            Path recordings = Path.of("target", MqttCamerasTest.RECORDINGS).toAbsolutePath();
            if (Files.exists(recordings)) {
                try (Stream<Path> all = Files.walk(recordings)) {
                    for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
                        Files.delete(p);
                    }
                }
            }
            return Map.of("camel.component.paho-mqtt5.broker-url", "tcp://127.0.0.1:" + port,
                    "venc-mqtt.record-dir", recordings.toString(),
                    "venc-mqtt.record-segment-seconds", String.valueOf(MqttCamerasTest.SEGMENT_SECONDS));
        } catch (IOException e) {
            throw new IllegalStateException("Cannot start mosquitto", e);
        }
    }

    private void launch() throws IOException {
        process = new ProcessBuilder("/usr/sbin/mosquitto", "-c", conf.toString())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("mosquitto.log").toFile()))
                .start();
        awaitPort(port, Duration.ofSeconds(20));
    }

    /**
     * Stops the running broker (SIGTERM), as an operator restarting it would; fails when it did not save
     * its sessions, which the restart is meant to restore.
     */
    static void stopBroker() throws IOException {
        current.terminate();
        if (!Files.exists(current.dir.resolve("mosquitto.db"))) {
            throw new IllegalStateException("mosquitto saved no sessions in " + current.dir + ": "
                    + Files.readString(current.dir.resolve("mosquitto.log")));
        }
    }

    /** Starts the broker again on the same port and waits until it listens. */
    static void startBroker() throws IOException {
        current.launch();
    }

    private void awaitPort(int port, Duration timeout) throws IOException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            if (!process.isAlive()) {
                throw new IOException("mosquitto exited with " + process.exitValue() + ": "
                        + Files.readString(dir.resolve("mosquitto.log")));
            }
            try (Socket ignored = new Socket(InetAddress.getLoopbackAddress(), port)) {
                return;
            } catch (IOException notYet) {
                if (System.nanoTime() > deadline) {
                    throw new IOException("mosquitto did not listen on port " + port + " within " + timeout);
                }
                try {
                    Thread.sleep(50);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IOException("interrupted", e);
                }
            }
        }
    }

    @Override
    public void stop() {
        terminate();
    }

    private void terminate() {
        if (process != null) {
            process.destroy();
            try {
                if (!process.waitFor(10, TimeUnit.SECONDS)) {
                    process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
