package io.github.camelvenc.camel;

import io.github.camelvenc.engine.BitRateRecommender;
import io.github.camelvenc.engine.BitRateRecommender.Recommendation;
import io.github.camelvenc.engine.Codec;
import java.util.Map;
import java.util.Optional;
import org.apache.camel.Category;
import org.apache.camel.Consumer;
import org.apache.camel.Processor;
import org.apache.camel.Producer;
import org.apache.camel.api.management.ManagedAttribute;
import org.apache.camel.api.management.ManagedResource;
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

    @UriPath(enums = "h264,h265", description = "The codec of the output: h264 (H.264/AVC) or h265 (H.265/HEVC).")
    @Metadata(required = true)
    private Codec codec;

    @UriParam
    private VencConfiguration configuration;

    private final VencStatistics statistics = new VencStatistics();
    private final FrameChannels frameChannels = new FrameChannels(this);
    private final ClipEncoder clipEncoder = new ClipEncoder(this);

    public VencEndpoint(String uri, VencComponent component, VencConfiguration configuration) {
        super(uri, component);
        this.configuration = configuration;
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
        return configuration.getMode().name().toLowerCase(java.util.Locale.ROOT);
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
