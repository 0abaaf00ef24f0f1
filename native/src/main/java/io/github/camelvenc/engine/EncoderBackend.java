package io.github.camelvenc.engine;

/**
 * A provider of channels on one kind of encoder, found with {@link java.util.ServiceLoader}.
 * Implementations must be cheap to construct and must not load native code before
 * {@link #probe(int)} or {@link #open} is called.
 */
public interface EncoderBackend {

    /** {@link BackendKind#SOFTWARE} or {@link BackendKind#ASCEND}. */
    BackendKind kind();

    /**
     * Whether this backend can open channels for the device (ignored by software) now, and why not.
     * Never throws; loads native libraries at most once.
     */
    Availability probe(int deviceId);

    /** Opens a channel; the configuration is already valid. */
    Channel open(ChannelConfig config, PacketSink sink);

    /**
     * Throws {@link UnsupportedOptionException} (or a {@link VencException} when the codec's encoder is
     * missing) for the first value of a valid configuration that {@link #open} would refuse, without
     * opening a channel. Called when a route starts, so that it fails at once instead of on every
     * message. The default accepts every configuration.
     */
    default void requireSupported(ChannelConfig config) {
    }

    /** The answer of {@link #probe}. */
    record Availability(boolean usable, String detail) {
    }
}
