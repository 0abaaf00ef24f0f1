package io.github.camelvenc.camel;

import io.github.camelvenc.engine.ChannelConfig;
import io.github.camelvenc.engine.BitRateRecommender;
import io.github.camelvenc.engine.BitRateRecommender.Recommendation;
import io.github.camelvenc.engine.Codec;
import io.github.camelvenc.engine.Encoders;
import io.github.camelvenc.engine.VencException;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.apache.camel.Category;
import org.apache.camel.Consumer;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.apache.camel.Producer;
import org.apache.camel.api.management.ManagedAttribute;
import org.apache.camel.api.management.ManagedResource;
import org.apache.camel.health.HealthCheckHelper;
import org.apache.camel.health.WritableHealthCheckRepository;
import org.apache.camel.spi.Metadata;
import org.apache.camel.spi.UriEndpoint;
import org.apache.camel.spi.UriParam;
import org.apache.camel.spi.UriPath;
import org.apache.camel.support.DefaultEndpoint;

/**
 * Encode raw NV12/NV21 video to H.264/H.265 with the Huawei Ascend VENC or libx264/libx265.
 *
 * <p>In clip mode (default) a message carries a whole clip and becomes its elementary stream; in
 * frame mode a message carries one frame and becomes its access unit, encoded on a long-lived channel
 * per channel key. Channels of frame mode open on the first frame of their key (not on route start),
 * close after {@code idleTimeout} without frames, and are flushed and closed when the route stops,
 * completing every frame in flight. Clip mode opens a fresh channel per clip.
 */
@UriEndpoint(firstVersion = "0.1.0", scheme = "venc", title = "VENC Video Encoder", syntax = "venc:codec", remote = false,
             producerOnly = true, category = { Category.TRANSFORMATION, Category.IOT },
             headersClass = VencConstants.class)
@ManagedResource(description = "Managed VENC video encoder endpoint")
public class VencEndpoint extends DefaultEndpoint {

    /** The picture size assumed by the start-time check when the size comes with each message. */
    static final int PLACEHOLDER_WIDTH = 1280;
    static final int PLACEHOLDER_HEIGHT = 720;
    private static final int MAX_FRAME_RATE = 240;

    @UriPath(enums = "h264,h265", description = "The codec of the output: h264 (H.264/AVC) or h265 (H.265/HEVC).")
    @Metadata(required = true)
    private Codec codec;

    @UriParam
    private VencConfiguration configuration;

    private final VencStatistics statistics = new VencStatistics();
    private volatile Failure lastFailure;
    private WritableHealthCheckRepository healthChecks;
    private VencHealthCheck healthCheck;
    private final FrameChannels frameChannels = new FrameChannels(this);
    private final ClipEncoder clipEncoder = new ClipEncoder(this);

    public VencEndpoint(String uri, VencComponent component, VencConfiguration configuration) {
        super(uri, component);
        this.configuration = configuration;
    }

    /**
     * Fails the start of the route, and so of the Camel context, when the options cannot open a
     * channel: they go through the engine's validation ({@link ChannelConfig.Builder#build()}) and the
     * selected backend's checks ({@link Encoders#check}), so the failure carries the engine's message
     * (option, value, allowed range, backend). What only a message carries is checked per message: an
     * unset picture size takes {@link #PLACEHOLDER_WIDTH}x{@link #PLACEHOLDER_HEIGHT} (within maxWidth and
     * maxHeight) and an unset srcFrameRate the highest rate when a dstFrameRate is set.
     */
    @Override
    protected void doStart() throws Exception {
        super.doStart();
        ChannelConfig.Builder b = configuration.toChannelBuilder(codec, configuration.getMode() == VencMode.FRAME);
        if (configuration.getPreset() == null) {
            if (configuration.getWidth() == null) {
                b.width(placeholder(PLACEHOLDER_WIDTH, configuration.getMaxWidth()));
            }
            if (configuration.getHeight() == null) {
                b.height(placeholder(PLACEHOLDER_HEIGHT, configuration.getMaxHeight()));
            }
            if (configuration.getSrcFrameRate() == null && configuration.getDstFrameRate() != null) {
                b.srcFrameRate(MAX_FRAME_RATE);
            }
        }
        Encoders.check(b.build());
        healthChecks = HealthCheckHelper.getHealthCheckRepository(getCamelContext(), "producers",
                WritableHealthCheckRepository.class);
        if (healthChecks != null) {
            healthCheck = new VencHealthCheck(this);
            healthCheck.setEnabled(getComponent().isHealthCheckProducerEnabled());
            healthChecks.addHealthCheck(healthCheck);
        }
    }

    @Override
    protected void doStop() throws Exception {
        if (healthChecks != null && healthCheck != null) {
            healthChecks.removeHealthCheck(healthCheck);
            healthCheck = null;
        }
        super.doStop();
    }

    private static int placeholder(int side, Integer max) {
        return max == null ? side : Math.min(side, max);
    }

    @Override
    public Producer createProducer() {
        return new VencProducer(this);
    }

    @Override
    public Consumer createConsumer(Processor processor) {
        throw new UnsupportedOperationException("The venc component is producer only: use it in to(\"venc:...\")");
    }

    @Override
    public VencComponent getComponent() {
        return (VencComponent) super.getComponent();
    }

    /** The codec of the output. */
    public Codec getCodec() {
        return codec;
    }

    /** See the {@code codec} path parameter. */
    public void setCodec(Codec codec) {
        this.codec = codec;
    }

    /** The options of this endpoint (a copy of the component's, overridden by the URI). */
    public VencConfiguration getConfiguration() {
        return configuration;
    }

    /** Replaces every option of this endpoint. */
    public void setConfiguration(VencConfiguration configuration) {
        this.configuration = configuration;
    }

    /** Live counters and rates of this endpoint, for monitoring (also read by the Quarkus extension). */
    public VencStatistics statistics() {
        return statistics;
    }

    /** Frame mode: keys of the open channels and the backend each runs on. */
    public Map<String, String> openChannels() {
        return frameChannels.openChannels();
    }

    /**
     * Fails the exchange with {@code error} and counts the failure. Every asynchronous path of the
     * endpoint ends here for any {@link Throwable}: an {@link Error} (a {@code LinkageError} from the
     * native binding, an {@code OutOfMemoryError}) is wrapped in a {@link VencException} with it as the
     * cause, so the exchange fails with a message that names it instead of completing with its input.
     */
    void fail(Exchange exchange, Throwable error) {
        statistics.failure();
        Exception failure = error instanceof Exception e ? e
                : new VencException("Encoding on " + getEndpointKey() + " failed: " + error, error);
        lastFailure = new Failure(String.valueOf(failure.getMessage()), Instant.now());
        exchange.setException(failure);
    }

    /** The last exchange this endpoint failed, if any failed since start. */
    public Optional<Failure> lastFailure() {
        return Optional.ofNullable(lastFailure);
    }

    /**
     * A failed exchange.
     *
     * @param message the exception message
     * @param at      when it failed
     */
    public record Failure(String message, Instant at) {
    }

    /**
     * Frame mode: flushes and closes the channel of {@code key} now, completing every frame in flight
     * on it. The next frame with that key opens a new channel, whose first access unit is an IDR with
     * sequence 0. For keys whose frames move to another instance, such as the cameras of a revoked
     * Kafka partition.
     *
     * @param  key the channel key ({@code CamelVencChannelKey})
     * @param  why the reason, logged with the channel's statistics
     * @return     whether a channel of that key was open
     */
    public boolean closeChannel(String key, String why) {
        return frameChannels.close(key, why);
    }

    FrameChannels frameChannels() {
        return frameChannels;
    }

    ClipEncoder clipEncoder() {
        return clipEncoder;
    }

    @ManagedAttribute(description = "Output codec")
    public String getCodecName() {
        return codec.id();
    }

    @ManagedAttribute(description = "clip or frame")
    public String getModeName() {
        return configuration.getMode().name().toLowerCase(Locale.ROOT);
    }

    @ManagedAttribute(description = "Frames handed to the encoder")
    public long getFramesIn() {
        return statistics.snapshot().framesIn();
    }

    @ManagedAttribute(description = "Access units produced")
    public long getFramesOut() {
        return statistics.snapshot().framesOut();
    }

    @ManagedAttribute(description = "Frames dropped by the frame-rate control")
    public long getFramesDropped() {
        return statistics.snapshot().framesDropped();
    }

    @ManagedAttribute(description = "Bytes of all access units")
    public long getBytesOut() {
        return statistics.snapshot().bytesOut();
    }

    @ManagedAttribute(description = "Exchanges that failed")
    public long getFailures() {
        return statistics.snapshot().failures();
    }

    @ManagedAttribute(description = "Clips encoded (clip mode)")
    public long getClipsCompleted() {
        return statistics.snapshot().clipsCompleted();
    }

    @ManagedAttribute(description = "Channels opened since start")
    public long getChannelsOpened() {
        return statistics.snapshot().channelsOpened();
    }

    @ManagedAttribute(description = "Channels open now (frame mode: one per active key; clip mode: clips encoding)")
    public int getChannelsOpen() {
        return statistics.snapshot().channelsOpen();
    }

    @ManagedAttribute(description = "Most channels open at the same time since start")
    public int getChannelsPeak() {
        return statistics.snapshot().channelsPeak();
    }

    @ManagedAttribute(description = "Output bit rate over the last 5 s, kbit/s")
    public double getCurrentBitRate() {
        return statistics.snapshot().bitRateKbps();
    }

    @ManagedAttribute(description = "Access units per second over the last 5 s")
    public double getCurrentFps() {
        return statistics.snapshot().fps();
    }

    /**
     * The VENC guide's bit-rate advice (Table 1) for the configured picture size, codec and
     * {@code scenario} (every scenario of the size when unset); empty when the size is not configured
     * or not one the guide lists.
     */
    public Optional<Recommendation> recommendation() {
        Integer width = configuration.getWidth();
        Integer height = configuration.getHeight();
        if (width == null || height == null) {
            return Optional.empty();
        }
        String scenario = configuration.getScenario();
        return BitRateRecommender.recommend(width, height, codec,
                scenario == null ? null : BitRateRecommender.Scenario.parse(scenario));
    }

    @ManagedAttribute(description = "The VENC guide's bit-rate range for the configured size, codec and scenario")
    public String getRecommendedBitRate() {
        return recommendation().map(BitRateRecommender::range).orElse("size not in the guide's table");
    }
}
