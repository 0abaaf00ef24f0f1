package io.github.camelvenc.examples.kafka;

import io.github.camelvenc.camel.VencConstants;
import io.github.camelvenc.camel.VencEndpoint;
import io.github.camelvenc.engine.VencException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.component.kafka.KafkaConstants;
import org.apache.camel.component.kafka.consumer.KafkaManualCommit;
import org.apache.camel.util.json.JsonObject;
import org.apache.kafka.clients.consumer.CooperativeStickyAssignor;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Consumes raw frames from {@code camera-frames} (key = camera id, value = one tightly packed frame,
 * headers {@code width}, {@code height}, {@code pts}, optional {@code pixel-format}), encodes each camera
 * on its own {@code venc:} frame-mode channel and produces one record per access unit to
 * {@code camera-streams} (key = camera id; headers {@code pts}, {@code frame-type}, {@code key-frame},
 * {@code sequence}, {@code segment}, {@code codec}). A frame's offset is committed only after its access
 * unit was acknowledged by the broker (at-least-once). A bad frame goes to {@code camera-frame-errors}
 * with the reason, its offset is committed and the camera's channel goes on.
 */
@ApplicationScoped
public class CameraRoutes extends RouteBuilder {
    /** Exchange property: the camera id (the record key). */
    static final String CAMERA = "venc.camera";
    /** Exchange property: the frame's pts header as sent. */
    static final String FRAME_PTS = "venc.framePts";
    /** Exchange property: the consumed record's manual commit. */
    static final String COMMIT = "venc.commit";

    @ConfigProperty(name = "venc-kafka.frames-topic", defaultValue = "camera-frames")
    String framesTopic;

    @ConfigProperty(name = "venc-kafka.streams-topic", defaultValue = "camera-streams")
    String streamsTopic;

    @ConfigProperty(name = "venc-kafka.errors-topic", defaultValue = "camera-frame-errors")
    String errorsTopic;

    @ConfigProperty(name = "venc-kafka.group-id", defaultValue = "venc")
    String groupId;

    @ConfigProperty(name = "venc-kafka.codec", defaultValue = "h264")
    String codec;

    @ConfigProperty(name = "venc-kafka.encoder-options", defaultValue = "")
    String encoderOptions;

    @ConfigProperty(name = "venc-kafka.idle-timeout", defaultValue = "60000")
    long idleTimeout;

    @Inject
    PartitionChannels partitionChannels;

    @Inject
    Segments segments;

    @Override
    public void configure() {
        String codecName = codec.trim().toLowerCase(Locale.ROOT);
        String encoder = "venc:" + codecName + "?mode=frame&idleTimeout=" + idleTimeout
                + (encoderOptions.isBlank() ? "" : "&" + encoderOptions.trim());
        partitionChannels.attach(framesTopic, getContext().getEndpoint(encoder, VencEndpoint.class));

        // a frame the encoder or this route refuses: reported, committed, the camera goes on. Anything
        // else (the broker is unreachable, a produce times out) is not handled: the consumer breaks on
        // it and consumes the frame again from its committed offset.
        onException(IllegalArgumentException.class, VencException.class)
                .handled(true)
                .process(this::errorRecord)
                .to("kafka:" + errorsTopic + "?synchronous=true&valueSerializer=" + ByteArraySerializer.class.getName())
                .process(CameraRoutes::commit);

        from("kafka:" + framesTopic + "?groupId=" + groupId
                + "&autoOffsetReset=earliest&autoCommitEnable=false&allowManualCommit=true"
                + "&kafkaManualCommitFactory=#offsetCommits&breakOnFirstError=true"
                + "&partitionAssignor=" + CooperativeStickyAssignor.class.getName()
                + "&valueDeserializer=" + ByteArrayDeserializer.class.getName())
                .routeId("camera-frames")
                .process(this::readFrame)
                .to(encoder)
                .filter(header(VencConstants.DROPPED).isNotEqualTo(true))
                    .process(e -> streamRecord(e, codecName))
                    .to("kafka:" + streamsTopic + "?synchronous=true&valueSerializer="
                            + ByteArraySerializer.class.getName())
                .end()
                .process(CameraRoutes::commit);
    }

    /** Turns a frame record into a venc frame exchange, or fails it with the reason. */
    private void readFrame(Exchange exchange) {
        Message in = exchange.getMessage();
        exchange.setProperty(COMMIT, in.getHeader(KafkaConstants.MANUAL_COMMIT, KafkaManualCommit.class));
        String camera = in.getHeader(KafkaConstants.KEY, String.class);
        exchange.setProperty(CAMERA, camera);
        exchange.setProperty(FRAME_PTS, text(in, "pts"));
        if (camera == null || camera.isBlank()) {
            throw new IllegalArgumentException("the record has no key: the key is the camera id");
        }
        partitionChannels.seen(camera, in.getHeader(KafkaConstants.PARTITION, Integer.class));
        int width = positiveInt(in, "width");
        int height = positiveInt(in, "height");
        long pts = number(in, "pts");
        String format = text(in, "pixel-format");
        byte[] frame = in.getBody(byte[].class);
        in.removeHeaders("*");
        in.setBody(frame);
        in.setHeader(VencConstants.CHANNEL_KEY, camera);
        in.setHeader(VencConstants.WIDTH, width);
        in.setHeader(VencConstants.HEIGHT, height);
        in.setHeader(VencConstants.PTS, pts);
        if (format != null) {
            in.setHeader(VencConstants.PIXEL_FORMAT, format.trim());
        }
    }

    /** Addresses an access unit to the streams topic, with text headers. */
    private void streamRecord(Exchange exchange, String codecName) {
        Message m = exchange.getMessage();
        String camera = exchange.getProperty(CAMERA, String.class);
        long sequence = m.getHeader(VencConstants.SEQUENCE, Long.class);
        String pts = String.valueOf(m.getHeader(VencConstants.PTS, Long.class));
        String frameType = String.valueOf(m.getHeader(VencConstants.FRAME_TYPE));
        String keyFrame = String.valueOf(m.getHeader(VencConstants.KEY_FRAME, Boolean.class));
        byte[] unit = m.getBody(byte[].class);
        m.removeHeaders("*");
        m.setBody(unit);
        m.setHeader(KafkaConstants.KEY, camera);
        m.setHeader("pts", pts);
        m.setHeader("frame-type", frameType);
        m.setHeader("key-frame", keyFrame);
        m.setHeader("sequence", String.valueOf(sequence));
        m.setHeader("segment", segments.segment(camera, sequence));
        m.setHeader("codec", codecName);
    }

    /** Replaces a failed exchange by its report for the errors topic. */
    private void errorRecord(Exchange exchange) {
        Exception cause = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Exception.class);
        String camera = exchange.getProperty(CAMERA, String.class);
        String reason = cause == null ? "unknown error" : String.valueOf(cause.getMessage());
        log.warn("Camera {} frame rejected: {}", camera, reason);
        Message m = exchange.getMessage();
        m.removeHeaders("*");
        JsonObject report = new JsonObject();
        report.put("camera", camera);
        report.put("pts", exchange.getProperty(FRAME_PTS, String.class));
        report.put("reason", reason);
        m.setBody(report.toJson().getBytes(StandardCharsets.UTF_8));
        m.setHeader("reason", reason);
        if (camera != null) {
            m.setHeader(KafkaConstants.KEY, camera);
        }
    }

    /** Commits the consumed frame's offset ({@link OffsetCommits}): its access unit (or error report) is on the broker. */
    private static void commit(Exchange exchange) {
        KafkaManualCommit commit = exchange.getProperty(COMMIT, KafkaManualCommit.class);
        if (commit == null) {
            throw new IllegalStateException("no manual commit on the exchange: allowManualCommit must be true");
        }
        commit.commit();
    }

    /** A record header as UTF-8 text, or null when absent. */
    private static String text(Message in, String name) {
        Object v = in.getHeader(name);
        if (v instanceof byte[] bytes) {
            return new String(bytes, StandardCharsets.UTF_8);
        }
        return v == null ? null : v.toString();
    }

    private static long number(Message in, String name) {
        String v = text(in, name);
        if (v == null) {
            throw new IllegalArgumentException("record header " + name + " is missing");
        }
        try {
            return Long.parseLong(v.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("record header " + name + " is not a decimal integer: '" + v + "'");
        }
    }

    private static int positiveInt(Message in, String name) {
        long v = number(in, name);
        if (v <= 0 || v > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("record header " + name + " must be a positive integer, got " + v);
        }
        return (int) v;
    }
}
