package io.github.camelvenc.examples.mqtt;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttCallback;
import org.eclipse.paho.mqttv5.client.MqttClient;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.MqttDisconnectResponse;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;
import org.eclipse.paho.mqttv5.common.packet.UserProperty;

/**
 * A real MQTT v5 subscriber that records every message it receives, per topic, in arrival order, with
 * its arrival time. Its session persists 60 s after a connection loss (the broker queues its
 * messages meanwhile); it reconnects within 2 s of the broker coming back and subscribes again.
 */
final class StreamSubscriber implements AutoCloseable {

    /** One received message. */
    record Received(String topic, byte[] payload, Map<String, String> userProperties, boolean retained,
            long arrivedNanos) {
        String prop(String name) {
            return userProperties.get(name);
        }
    }

    private final MqttClient client;
    private final String[] filters;
    private final Map<String, List<Received>> byTopic = new HashMap<>();

    StreamSubscriber(String brokerUrl, String... filters) throws MqttException {
        this.filters = filters;
        client = new MqttClient(brokerUrl, "subscriber-" + System.nanoTime(), new MemoryPersistence());
        client.setCallback(new MqttCallback() {
            @Override
            public void disconnected(MqttDisconnectResponse response) {
            }

            @Override
            public void mqttErrorOccurred(MqttException exception) {
            }

            @Override
            public void messageArrived(String topic, MqttMessage message) {
                Map<String, String> props = new HashMap<>();
                MqttProperties p = message.getProperties();
                if (p != null) {
                    for (UserProperty u : p.getUserProperties()) {
                        props.put(u.getKey(), u.getValue());
                    }
                }
                synchronized (byTopic) {
                    byTopic.computeIfAbsent(topic, t -> new ArrayList<>())
                            .add(new Received(topic, message.getPayload(), props, message.isRetained(),
                                    System.nanoTime()));
                    byTopic.notifyAll();
                }
            }

            @Override
            public void deliveryComplete(IMqttToken token) {
            }

            @Override
            public void connectComplete(boolean reconnect, String serverURI) {
                if (reconnect) {
                    new Thread(StreamSubscriber.this::subscribeAll, "resubscribe").start();
                }
            }

            @Override
            public void authPacketArrived(int reasonCode, MqttProperties properties) {
            }
        });
        MqttConnectionOptions options = new MqttConnectionOptions();
        options.setCleanStart(false);
        options.setSessionExpiryInterval(60L);
        options.setAutomaticReconnect(true);
        options.setMaxReconnectDelay(2000);
        client.connect(options);
        subscribeAll();
    }

    private void subscribeAll() {
        try {
            for (String filter : filters) {
                client.subscribe(filter, 1);
            }
        } catch (MqttException e) {
            throw new IllegalStateException("cannot subscribe to " + String.join(", ", filters), e);
        }
    }

    /** Waits until {@code topic} has at least {@code count} messages and returns them all. */
    List<Received> await(String topic, int count, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (byTopic) {
            while (messages(topic).size() < count) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    throw new AssertionError("Timed out after " + timeout + " waiting for " + count + " messages on "
                            + topic + ", got " + messages(topic).size() + "; topics seen: " + counts());
                }
                byTopic.wait(Math.max(1, left / 1_000_000));
            }
            return messages(topic);
        }
    }

    /** Waits for the first message of {@code topic} that {@code matches}, among those received so far and later. */
    Received awaitFirst(String topic, Predicate<Received> matches, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (byTopic) {
            while (true) {
                for (Received r : messages(topic)) {
                    if (matches.test(r)) {
                        return r;
                    }
                }
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    throw new AssertionError("Timed out after " + timeout + " waiting for a matching message on " + topic
                            + "; got " + messages(topic).size() + " messages");
                }
                byTopic.wait(Math.max(1, left / 1_000_000));
            }
        }
    }

    /** The messages of {@code topic} so far. */
    List<Received> messages(String topic) {
        synchronized (byTopic) {
            return List.copyOf(byTopic.getOrDefault(topic, List.of()));
        }
    }

    private Map<String, Integer> counts() {
        Map<String, Integer> c = new HashMap<>();
        byTopic.forEach((t, l) -> c.put(t, l.size()));
        return c;
    }

    @Override
    public void close() throws MqttException {
        try {
            client.disconnect();
        } finally {
            client.close();
        }
    }
}
