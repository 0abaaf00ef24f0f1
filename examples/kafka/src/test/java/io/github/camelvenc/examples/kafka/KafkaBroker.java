package io.github.camelvenc.examples.kafka;

import io.github.camelvenc.engine.testing.ChildProcess;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;

/**
 * The example's own broker ({@code broker.sh run}: Apache Kafka in KRaft mode from its Maven Central
 * jars, one JVM) on free loopback ports, as a child process of the test.
 */
final class KafkaBroker implements AutoCloseable {
    private final ChildProcess process;
    private final String bootstrap;

    private KafkaBroker(ChildProcess process, String bootstrap) {
        this.process = process;
        this.bootstrap = bootstrap;
    }

    /** Formats a fresh storage directory under {@code dir} and starts the broker; returns once it serves. */
    static KafkaBroker start(Path exampleDir, Path dir) throws IOException, InterruptedException {
        int port = freePort();
        int controllerPort = freePort();
        ChildProcess p = ChildProcess.start("kafka broker",
                List.of("bash", exampleDir.resolve("broker.sh").toString(), "run", String.valueOf(port)),
                Map.of("CONTROLLER_PORT", String.valueOf(controllerPort), "KAFKA_DATA", dir.toString(),
                        "KAFKA_HEAP", "-Xmx384m"),
                dir.resolve("broker.log"));
        KafkaBroker broker = new KafkaBroker(p, "127.0.0.1:" + port);
        try {
            broker.awaitServing(Duration.ofSeconds(90));
        } catch (RuntimeException | Error | IOException | InterruptedException e) {
            p.close();
            throw e;
        }
        return broker;
    }

    private void awaitServing(Duration timeout) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            if (!process.isAlive()) {
                throw new AssertionError("the broker exited:\n" + process.tail());
            }
            try (Admin admin = admin()) {
                admin.describeCluster().nodes().get(5, TimeUnit.SECONDS);
                return;
            } catch (ExecutionException | TimeoutException notYet) {
                if (System.nanoTime() > deadline) {
                    throw new AssertionError("the broker did not serve within " + timeout + ":\n" + process.tail());
                }
                Thread.sleep(200);
            }
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    /** {@code 127.0.0.1:<port>}. */
    String bootstrap() {
        return bootstrap;
    }

    /** An admin client of this broker (close it). */
    Admin admin() {
        return Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 10_000, AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 5_000));
    }

    @Override
    public void close() {
        process.close();
    }
}
