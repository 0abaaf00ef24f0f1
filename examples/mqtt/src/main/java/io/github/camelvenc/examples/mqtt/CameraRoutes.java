package io.github.camelvenc.examples.mqtt;

import io.github.camelvenc.camel.VencConstants;
import io.github.camelvenc.engine.UserText;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.component.paho.mqtt5.PahoMqtt5Constants;
import org.apache.camel.component.paho.mqtt5.PahoMqtt5Consumer;
import org.apache.camel.component.paho.mqtt5.PahoMqtt5Message;
import org.apache.camel.model.ProcessorDefinition;
import org.apache.camel.spi.CamelEvent;
import org.apache.camel.spi.CamelEvent.RouteStartedEvent;
import org.apache.camel.support.EventNotifierSupport;
import org.apache.camel.util.json.JsonObject;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;
import org.eclipse.paho.mqttv5.common.packet.UserProperty;

/**
 * Cameras publish one NV12/NV21 frame per message on {@code cameras/<id>/frames}; each camera gets its
 * own long-lived encoder channel (key = camera id) and every access unit goes out on
 * {@code streams/<id>/<codec>}. The latest IDR access unit of each camera is also kept as a retained
 * message on {@code streams/<id>/<codec>/idr}, and {@code cameras/<id>/request-idr} makes that camera's
 * next frame an IDR. Bad frames are reported on {@code cameras/<id>/errors}; the camera goes on.
 *
 * <p>With {@code venc-mqtt.record-dir} set, each camera is also recorded there as rolling fragmented MP4
 * segments of {@code venc-mqtt.record-segment-seconds} ({@code <dir>/<id>/<UTC start>.mp4}, each
 * starting at an IDR and playable on its own): the encoder runs with {@code container=fmp4}, each
 * exchange's body is appended to its segment file, and the Annex-B access unit
 * ({@code CamelVencAccessUnit}) goes on to MQTT as before. One encoder channel serves both.
 */
@ApplicationScoped
public class CameraRoutes extends RouteBuilder {
    /** Exchange property holding the camera id taken from the topic. */
    static final String CAMERA_ID = "cameraId";
    /** The route that consumes the frames (started by {@link PartitionLock} when a lock topic is set). */
    static final String FRAMES_ROUTE = "camera-frames";
    /** Exchange property holding the frame's declared pts, as sent. */
    static final String FRAME_PTS = "framePts";
    /** Exchange property: the access unit went out on the camera's stream topic. */
    private static final String PUBLISHED = "published";
    /** Where one frame message of a camera is encoded and published, whoever received it. */
    static final String CAMERA_FRAME = "direct:camera-frame";
    private static final String ERRORS = "paho-mqtt5:cameras/errors?qos=1";
    /** Largest picture side any backend accepts. */
    private static final int MAX_SIDE = 8192;

    @ConfigProperty(name = "venc-mqtt.frames-topic", defaultValue = "cameras/+/frames")
    String framesTopic;

    @ConfigProperty(name = "venc-mqtt.idr-request-topic", defaultValue = "cameras/+/request-idr")
    String idrRequestTopic;

    @ConfigProperty(name = "venc-mqtt.codec", defaultValue = "h264")
    String codec;

    @ConfigProperty(name = "venc-mqtt.encoder-options", defaultValue = "")
    String encoderOptions;

    @ConfigProperty(name = "venc-mqtt.idle-timeout", defaultValue = "60000")
    long idleTimeout;

    @ConfigProperty(name = "venc-mqtt.frames-qos", defaultValue = "1")
    int framesQos;

    @ConfigProperty(name = "venc-mqtt.streams-qos", defaultValue = "1")
    int streamsQos;

    @ConfigProperty(name = "venc-mqtt.max-in-flight", defaultValue = "8")
    int maxInFlight;

    @ConfigProperty(name = "venc-mqtt.record-dir")
    Optional<String> recordDir;

    @ConfigProperty(name = "venc-mqtt.record-segment-seconds", defaultValue = "60")
    int recordSegmentSeconds;

    @ConfigProperty(name = "venc-mqtt.lost-report-period", defaultValue = "1000")
    long lostReportPeriod;

    /**
     * How long (ms) a subscription's client waits for the broker's answer to a synchronous call, such as
     * the subscribe that camel-paho-mqtt5 sends again on every reconnect. Unbounded (Paho's default), that
     * subscribe deadlocks the subscription after a broker restart: it runs on the client's only callback
     * thread, and the broker delivers the frames it queued for the persistent session before the SUBACK;
     * once ten of them fill Paho's inbound queue, the client stops reading and never sees the SUBACK.
     */
    @ConfigProperty(name = "venc-mqtt.subscribe-timeout", defaultValue = "2000")
    long subscribeTimeout;

    /** A lost-frames report failed since the last one the broker took: its warning was logged. */
    private volatile boolean reportFailing;

    @Inject
    IdrRequests idrRequests;

    @Inject
    PartitionLock partitionLock;

    @Inject
    LostFrames lostFrames;

    @Inject
    ProducerTemplate template;

    @Override
    public void configure() {
        String codecName = codec.trim().toLowerCase(Locale.ROOT);
        boolean record = recordDir.isPresent() && !recordDir.get().isBlank();
        String encoder = "venc:" + codecName + "?mode=frame&idleTimeout=" + idleTimeout
                + (record ? "&container=fmp4&segmentDuration=" + recordSegmentSeconds : "")
                + (encoderOptions.isBlank() ? "" : "&" + encoderOptions.trim());

        onException(Exception.class)
                .handled(true)
                .process(this::failed);
        getContext().getManagementStrategy().addEventNotifier(new EventNotifierSupport() {
            @Override
            public void notify(CamelEvent event) {
                if (event instanceof RouteStartedEvent started
                        && started.getRoute().getConsumer() instanceof PahoMqtt5Consumer consumer
                        && consumer.getClient() != null) {
                    consumer.getClient().setTimeToWait(subscribeTimeout);
                }
            }
        });
        getContext().getExecutorServiceManager().newSingleThreadScheduledExecutor(this, "lost-frames")
                .scheduleWithFixedDelay(this::reportLost, lostReportPeriod, lostReportPeriod, TimeUnit.MILLISECONDS);

        // with a partition lock the frames subscription must end with its holder: a dead holder's persistent
        // session would keep its place in the share group, and mosquitto would queue every other frame for it
        String session = partitionLock.enabled() ? "&cleanStart=true&sessionExpiryInterval=0" : "";
        from("paho-mqtt5:" + framesTopic + "?qos=" + framesQos + session)
                .routeId(FRAMES_ROUTE)
                .autoStartup(!partitionLock.enabled())
                .to(CAMERA_FRAME);

        ProcessorDefinition<?> encoded = from(CAMERA_FRAME)
                .routeId("camera-frame")
                .process(this::readFrame)
                // at most maxInFlight frames between the MQTT client thread and the encoder: when they are
                // all busy this thread waits, MQTT acknowledgements stop and the broker queues for us
                .throttle(maxInFlight).concurrentRequestsMode()
                .to(encoder)
                .filter(header(VencConstants.DROPPED).isNotEqualTo(true));
        if (record) {
            encoded = encoded
                    .to("file:" + Path.of(recordDir.get()).toAbsolutePath()
                            + "?fileExist=Append&fileName=${header." + VencConstants.SEGMENT_NAME + "}")
                    .setBody(header(VencConstants.ACCESS_UNIT));
        }
        encoded
                // after a lost access unit the camera's stream goes on at its next IDR, never with a P frame
                // that refers to what subscribers did not get
                .filter(this::decodableAfterLoss)
                .process(e -> streamMessage(e, codecName, false))
                .to("paho-mqtt5:streams?qos=" + streamsQos)
                .setProperty(PUBLISHED, constant(true))
                .filter(header(VencConstants.FRAME_TYPE).isEqualTo("IDR"))
                .process(e -> lostFrames.recovered(e.getProperty(CAMERA_ID, String.class)))
                .process(e -> streamMessage(e, codecName, true))
                .to("paho-mqtt5:streams/idr?qos=1");

        from("paho-mqtt5:" + idrRequestTopic + "?qos=1")
                .routeId("idr-requests")
                .process(e -> idrRequests.request(cameraId(e.getMessage().getHeader(PahoMqtt5Constants.MQTT_TOPIC,
                        String.class))));
    }

    /** Turns an MQTT frame message into a venc frame exchange, or fails it with the reason. */
    private void readFrame(Exchange exchange) {
        String topic = exchange.getMessage().getHeader(PahoMqtt5Constants.MQTT_TOPIC, String.class);
        String camera = cameraId(topic);
        exchange.setProperty(CAMERA_ID, camera);
        Map<String, String> props = userProperties(exchange);
        exchange.setProperty(FRAME_PTS, props.get("pts"));
        int width = (int) number(props, "width", 1, MAX_SIDE);
        int height = (int) number(props, "height", 1, MAX_SIDE);
        long pts = number(props, "pts", Long.MIN_VALUE, Long.MAX_VALUE);
        String format = props.getOrDefault("pixel-format", "nv12").trim().toUpperCase(Locale.ROOT);
        if (!format.equals("NV12") && !format.equals("NV21")) {
            throw new IllegalArgumentException("user property pixel-format " + UserText.quote(props.get("pixel-format"))
                    + " must be nv12 or nv21");
        }
        byte[] payload = exchange.getMessage().getBody(byte[].class);
        long expected = (long) width * height * 3 / 2;
        int actual = payload == null ? 0 : payload.length;
        if (actual != expected) {
            throw new IllegalArgumentException("payload has " + actual + " bytes, a " + width + "x" + height + " "
                    + format + " frame has " + expected);
        }
        var in = exchange.getMessage();
        in.removeHeaders("*");
        in.setBody(payload);
        in.setHeader(VencConstants.CHANNEL_KEY, camera);
        in.setHeader(VencConstants.WIDTH, width);
        in.setHeader(VencConstants.HEIGHT, height);
        in.setHeader(VencConstants.PIXEL_FORMAT, format);
        in.setHeader(VencConstants.PTS, pts);
        if (idrRequests.take(camera)) {
            in.setHeader(VencConstants.FORCE_IDR, true);
        }
    }

    /** Addresses an encoded access unit to the camera's stream topic (or its retained IDR topic). */
    private static void streamMessage(Exchange exchange, String codec, boolean retainedIdr) {
        var m = exchange.getMessage();
        String camera = exchange.getProperty(CAMERA_ID, String.class);
        MqttProperties props = new MqttProperties();
        props.setContentType(codec.equals("h265") ? "video/h265" : "video/h264");
        props.setUserProperties(List.of(
                new UserProperty("pts", String.valueOf(m.getHeader(VencConstants.PTS, Long.class))),
                new UserProperty("key-frame", String.valueOf(m.getHeader(VencConstants.KEY_FRAME, Boolean.class))),
                new UserProperty("frame-type", m.getHeader(VencConstants.FRAME_TYPE, String.class)),
                new UserProperty("sequence", String.valueOf(m.getHeader(VencConstants.SEQUENCE, Long.class)))));
        m.setHeader(PahoMqtt5Constants.CAMEL_PAHO_MSG_PROPERTIES, props);
        m.setHeader(PahoMqtt5Constants.CAMEL_PAHO_OVERRIDE_TOPIC,
                "streams/" + camera + "/" + codec + (retainedIdr ? "/idr" : ""));
        m.setHeader(PahoMqtt5Constants.CAMEL_PAHO_MSG_RETAINED, retainedIdr);
    }

    /**
     * A frame failed. When the broker was unreachable for its access unit, the frame is counted as lost
     * (reported by {@link #reportLost()} once the broker is back), the camera's next frame becomes an IDR
     * and its P frames are held back until then, so its stream goes on decodably; any other reason goes
     * to {@code cameras/<id>/errors}.
     */
    private void failed(Exchange exchange) {
        Exception cause = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Exception.class);
        String camera = exchange.getProperty(CAMERA_ID, String.class);
        String pts = exchange.getProperty(FRAME_PTS, String.class);
        if (Boolean.TRUE.equals(exchange.getProperty(PUBLISHED))) {
            log.debug("Camera {} frame {}: the retained IDR copy could not be published: {}", camera, pts, cause);
            return;
        }
        if (camera != null && brokerUnreachable(cause)) {
            idrRequests.request(camera);
            if (lostFrames.streamLost(camera) == 1) {
                log.warn("Camera {}: frame {} lost, the broker is unreachable ({}); counting until it is back", camera,
                        pts, cause.getMessage());
            }
            return;
        }
        String reason = cause == null ? "unknown error" : String.valueOf(cause.getMessage());
        log.warn("Camera {} frame rejected: {}", camera, reason);
        JsonObject report = new JsonObject();
        report.put("camera", camera);
        report.put("pts", pts);
        report.put("reason", reason);
        if (!publishError(camera == null ? "unknown" : camera, report) && camera != null) {
            lostFrames.count(camera);
        }
    }

    /**
     * Whether the access unit may go out: false (and counted as lost) for a P frame of a camera whose
     * stream lost an access unit since its last published IDR.
     */
    private boolean decodableAfterLoss(Exchange exchange) {
        String camera = exchange.getProperty(CAMERA_ID, String.class);
        if (!lostFrames.recovering(camera) || "IDR".equals(exchange.getMessage().getHeader(VencConstants.FRAME_TYPE,
                String.class))) {
            return true;
        }
        lostFrames.streamLost(camera);
        idrRequests.request(camera);
        return false;
    }

    /** Publishes the lost-frame counts on the cameras' error topics; a count the broker did not take stays. */
    private void reportLost() {
        try {
            lostFrames.pending().forEach(this::reportLost);
        } catch (Throwable e) {
            // whatever happened, the next period tries again: a scheduled task that throws is never run again;
            // one warning per outage (the broker is usually still down), the details at debug level
            if (!reportFailing) {
                reportFailing = true;
                log.warn("Reporting lost frames failed ({}); trying again every {} ms until the broker takes it", e,
                        lostReportPeriod);
            }
            log.debug("Reporting lost frames failed", e);
        }
    }

    private void reportLost(String camera, long n) {
        JsonObject report = new JsonObject();
        report.put("camera", camera);
        report.put("lost", n);
        report.put("reason", n + " frames could not be published while the broker was unreachable");
        if (publishError(camera, report)) {
            reportFailing = false;
            lostFrames.reported(camera, n);
            log.warn("Camera {}: {} frames lost while the broker was unreachable, reported", camera, n);
        }
    }

    /** Publishes a JSON report on {@code cameras/<camera>/errors}; false when the broker did not take it. */
    private boolean publishError(String camera, JsonObject report) {
        MqttProperties props = new MqttProperties();
        props.setContentType("application/json");
        Exchange sent = template.send(ERRORS, e -> {
            e.getMessage().setBody(report.toJson());
            e.getMessage().setHeader(PahoMqtt5Constants.CAMEL_PAHO_MSG_PROPERTIES, props);
            e.getMessage().setHeader(PahoMqtt5Constants.CAMEL_PAHO_OVERRIDE_TOPIC, "cameras/" + camera + "/errors");
        });
        return sent.getException() == null;
    }

    /** Whether publishing failed because the client has no connection to the broker. */
    private static boolean brokerUnreachable(Throwable cause) {
        for (Throwable t = cause; t != null; t = t.getCause()) {
            if (t instanceof MqttException) {
                return true;
            }
        }
        return false;
    }

    private static Map<String, String> userProperties(Exchange exchange) {
        Map<String, String> props = new HashMap<>();
        if (exchange.getMessage() instanceof PahoMqtt5Message pm) {
            MqttMessage message = pm.getMqttMessage();
            if (message != null && message.getProperties() != null) {
                for (UserProperty p : message.getProperties().getUserProperties()) {
                    props.put(p.getKey().toLowerCase(Locale.ROOT), p.getValue());
                }
            }
        }
        return props;
    }

    /**
     * The camera id: the topic level before the last one ({@code cam1} in {@code cameras/cam1/frames}
     * or in a partitioned {@code cameras/3/cam1/frames}).
     */
    static String cameraId(String topic) {
        String[] levels = topic == null ? new String[0] : topic.split("/", -1);
        if (levels.length < 3 || !levels[0].equals("cameras") || levels[levels.length - 2].isEmpty()) {
            throw new IllegalArgumentException("topic " + UserText.quote(topic) + " is not cameras/[<partition>/]<id>/...");
        }
        return levels[levels.length - 2];
    }

    /** User property {@code name} as an integer in [min, max], reported as given when it is not one. */
    private static long number(Map<String, String> props, String name, long min, long max) {
        String v = props.get(name);
        if (v == null) {
            throw new IllegalArgumentException("user property " + name + " is missing");
        }
        return UserText.parseLong("user property " + name, v, min, max, IllegalArgumentException::new);
    }
}
