package io.github.camelvenc.engine;

/**
 * One encoding session, with the life cycle of a VENC channel: open with a complete configuration
 * ({@link Encoders#open}), send frames, receive packets on the {@link PacketSink}, request IDRs,
 * change rates at run time, flush at end of stream, close.
 *
 * <h2>Threading</h2>
 * Every method is thread-safe: calls are serialized by the channel, and frames are encoded in the
 * order their {@code send} calls complete. The sink is called in frame order, never concurrently,
 * on the thread the backend chooses (see {@link PacketSink}); it must not call back into the channel.
 *
 * <h2>Errors</h2>
 * A frame that does not fit ({@link InvalidFrameException}) or an option that does not
 * ({@link InvalidConfigException}) is rejected before any native call and leaves the channel usable.
 * Any call after {@link #close()} throws {@link ChannelClosedException}, including a second close.
 */
public interface Channel extends AutoCloseable {

    /** The configuration in force (changed by {@link #reconfigure}). */
    ChannelConfig config();

    /** Which backend and library this channel runs on, e.g. {@code software/x264 build 164}. */
    String backendName();

    /**
     * Encodes one frame, blocking while the encoder queue is full (backpressure). Its packet (or its
     * drop record) reaches the sink now or later, in order.
     *
     * @return the 0-based index of the frame, as it will appear in {@link Packet#frameIndex()}
     */
    long send(Frame frame);

    /** Makes the next frame sent an IDR, with parameter sets in front. */
    void requestIdr();

    /**
     * Applies a configuration that differs from {@link #config()} only in bit rates, frame rates and
     * gop ({@link ChannelConfig#requireRuntimeChangeOnly}); the next frame sent starts with it.
     */
    void reconfigure(ChannelConfig next);

    /** Blocks until every frame sent so far has reached the sink. The channel stays open. */
    void flush();

    /** Counters since open. */
    ChannelStats stats();

    /** Flushes and frees every native resource. A second call throws {@link ChannelClosedException}. */
    @Override
    void close();
}
