package io.github.camelvenc.examples.mqtt;

import io.quarkus.runtime.ShutdownEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.camel.CamelContext;
import org.apache.camel.spi.CamelEvent.CamelContextStartedEvent;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.eclipse.paho.mqttv5.client.MqttCallback;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.MqttDisconnectResponse;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Active/standby for instances that share one camera partition (see docs/scale-out.md). An MQTT v5
 * share group alone does not give a camera to one instance: mosquitto hands each message of a shared
 * subscription to the next member in turn, so two live members would each encode every other frame
 * of every camera. With {@code venc-mqtt.lock-topic} set, the frames route runs only on the instance
 * that holds the partition's lock:
 * <ul>
 * <li>the retained message on the lock topic names the holder; the holder's lock connection carries a
 * will that sets it back to {@value #FREE}, which the broker publishes as soon as that connection is
 * lost (the process was killed, the network went) or the holder stops;</li>
 * <li>an instance that sees {@value #FREE}, or no lock at all when it starts, claims the lock by
 * publishing its own id; every instance sees the claims in the broker's order, so the last claim
 * wins, and an instance that sees another id stops (or does not start) its frames route.</li>
 * </ul>
 * The new holder's frames subscription starts after it holds the lock; its channels are new, so each
 * camera continues with an IDR. Frames published while no instance was subscribed are not delivered.
 */
@ApplicationScoped
public class PartitionLock {
    /** The lock topic's value when nobody holds it. */
    static final String FREE = "free";
    private static final Logger LOG = LoggerFactory.getLogger(PartitionLock.class);

    private final Optional<String> lockTopic;
    private final String instanceId;
    private final String brokerUrl;
    private final Optional<String> userName;
    private final Optional<String> password;
    private final int keepAlive;
    private final CamelContext camel;
    /** Runs every lock action in order, off the MQTT client's threads. */
    private final ScheduledExecutorService actions = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "venc-partition-lock");
        t.setDaemon(true);
        return t;
    });
    /** Only touched by {@link #actions}. */
    private boolean active;
    /** Only touched by {@link #actions}. */
    private boolean seen;
    private MqttAsyncClient client;

    PartitionLock(@ConfigProperty(name = "venc-mqtt.lock-topic") Optional<String> lockTopic,
            @ConfigProperty(name = "venc-mqtt.instance-id") Optional<String> instanceId,
            @ConfigProperty(name = "camel.component.paho-mqtt5.broker-url") String brokerUrl,
            @ConfigProperty(name = "camel.component.paho-mqtt5.user-name") Optional<String> userName,
            @ConfigProperty(name = "camel.component.paho-mqtt5.password") Optional<String> password,
            @ConfigProperty(name = "venc-mqtt.lock-keep-alive", defaultValue = "5") int keepAlive,
            CamelContext camel) {
        this.lockTopic = lockTopic.filter(t -> !t.isBlank()).map(String::trim);
        this.instanceId = instanceId.filter(s -> !s.isBlank()).map(String::trim)
                .orElseGet(() -> UUID.randomUUID().toString().substring(0, 8));
        if (this.instanceId.equals(FREE)) {
            throw new IllegalArgumentException("venc-mqtt.instance-id must not be '" + FREE + "'");
        }
        this.brokerUrl = brokerUrl;
        this.userName = userName;
        this.password = password;
        this.keepAlive = keepAlive;
        this.camel = camel;
    }

    /** Whether the frames route waits for the lock instead of starting with the application. */
    public boolean enabled() {
        return lockTopic.isPresent();
    }

    void onCamelStarted(@Observes CamelContextStartedEvent event) throws MqttException {
        if (!enabled()) {
            return;
        }
        String topic = lockTopic.get();
        client = new MqttAsyncClient(brokerUrl, "venc-lock-" + instanceId, new MemoryPersistence());
        client.setCallback(new MqttCallback() {
            @Override
            public void messageArrived(String t, MqttMessage message) {
                String holder = new String(message.getPayload(), StandardCharsets.UTF_8).trim();
                submit(() -> onLock(holder));
            }

            @Override
            public void connectComplete(boolean reconnect, String serverUri) {
                submit(PartitionLock.this::subscribe);
            }

            @Override
            public void disconnected(MqttDisconnectResponse response) {
                submit(() -> deactivate("the lock connection was lost"));
            }

            @Override
            public void mqttErrorOccurred(MqttException exception) {
                LOG.warn("Lock connection error: {}", exception.getMessage());
            }

            @Override
            public void deliveryComplete(IMqttToken token) {
            }

            @Override
            public void authPacketArrived(int reasonCode, MqttProperties properties) {
            }
        });
        MqttConnectionOptions options = new MqttConnectionOptions();
        options.setCleanStart(true);
        options.setAutomaticReconnect(true);
        options.setKeepAliveInterval(keepAlive);
        userName.ifPresent(options::setUserName);
        password.ifPresent(p -> options.setPassword(p.getBytes(StandardCharsets.UTF_8)));
        options.setWill(topic, retained(FREE));
        client.connect(options).waitForCompletion(TimeUnit.SECONDS.toMillis(30));
    }

    /** Queues a lock action; none once the application stops. */
    private void submit(Runnable action) {
        if (!actions.isShutdown()) {
            actions.execute(() -> logged(action));
        }
    }

    /** Runs a lock action; what it throws is logged (an executor would keep it to itself). */
    private static void logged(Runnable action) {
        try {
            action.run();
        } catch (Throwable t) {
            LOG.error("Partition lock action failed", t);
            throw t;
        }
    }

    private void subscribe() {
        try {
            seen = false;
            client.subscribe(lockTopic.get(), 1).waitForCompletion(TimeUnit.SECONDS.toMillis(30));
            // a held lock is a retained message, delivered at once: none within a second means nobody holds it
            actions.schedule(() -> logged(() -> {
                if (!seen) {
                    claim();
                }
            }), 1, TimeUnit.SECONDS);
        } catch (MqttException e) {
            LOG.warn("Cannot subscribe to the lock topic {}: {}", lockTopic.get(), e.getMessage());
        }
    }

    private void onLock(String holder) {
        seen = true;
        if (holder.isEmpty() || holder.equals(FREE)) {
            claim();
        } else if (holder.equals(instanceId)) {
            activate();
        } else if (active) {
            deactivate("lock " + lockTopic.get() + " taken by " + holder);
        } else {
            LOG.info("Standing by: lock {} held by {}", lockTopic.get(), holder);
        }
    }

    private void claim() {
        try {
            client.publish(lockTopic.get(), retained(instanceId)).waitForCompletion(TimeUnit.SECONDS.toMillis(30));
        } catch (MqttException e) {
            LOG.warn("Cannot claim the lock {}: {}", lockTopic.get(), e.getMessage());
        }
    }

    private void activate() {
        if (active) {
            return;
        }
        if (framesRoute(true, "Holding lock " + lockTopic.get() + " but cannot start the frames route")) {
            active = true;
            LOG.info("Lock {} held by {}: encoding", lockTopic.get(), instanceId);
        }
    }

    private void deactivate(String why) {
        if (!active) {
            return;
        }
        framesRoute(false, "Cannot stop the frames route");
        active = false;
        LOG.info("Standing by: {}", why);
    }

    /**
     * Starts or stops the frames route; false, logged as {@code failure}, when Camel could not. An
     * {@link Error} is not handled here: it ends the lock action, which {@link #logged} reports, and
     * leaves {@link #active} as it was.
     */
    private boolean framesRoute(boolean start, String failure) {
        try {
            if (start) {
                camel.getRouteController().startRoute(CameraRoutes.FRAMES_ROUTE);
            } else {
                camel.getRouteController().stopRoute(CameraRoutes.FRAMES_ROUTE);
            }
            return true;
        } catch (Error e) {
            throw e;
        } catch (Throwable t) {
            LOG.warn(failure, t);
            return false;
        }
    }

    /** Graceful stop: stops encoding, then hands the lock over. */
    void onShutdown(@Observes ShutdownEvent event) throws InterruptedException {
        if (client == null) {
            return;
        }
        submit(() -> {
            boolean held = active;
            deactivate("stopping");
            try {
                if (held) {
                    client.publish(lockTopic.get(), retained(FREE)).waitForCompletion(TimeUnit.SECONDS.toMillis(10));
                }
                client.disconnect().waitForCompletion(TimeUnit.SECONDS.toMillis(10));
                client.close();
            } catch (MqttException e) {
                LOG.warn("Releasing the lock {} failed: {}", lockTopic.get(), e.getMessage());
            }
        });
        actions.shutdown();
        actions.awaitTermination(30, TimeUnit.SECONDS);
    }

    private static MqttMessage retained(String value) {
        MqttMessage m = new MqttMessage(value.getBytes(StandardCharsets.UTF_8));
        m.setQos(1);
        m.setRetained(true);
        return m;
    }
}
