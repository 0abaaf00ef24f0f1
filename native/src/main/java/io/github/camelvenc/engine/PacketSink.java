package io.github.camelvenc.engine;

import org.slf4j.LoggerFactory;

/**
 * Receives a channel's output. Calls come in frame order and never concurrently for one channel,
 * on the sending thread (software backend) or on the channel's receive thread (Ascend backend).
 * A sink must not call back into its own channel, and should not throw: an exception from a sink
 * is logged and does not stop the channel.
 */
public interface PacketSink {

    /** An access unit, or a dropped-frame record ({@link Packet#isDropped()}). */
    void onPacket(Packet packet);

    /**
     * The encoder failed on the frame {@code frameIndex} after it was accepted (for example a zero
     * length pack from the hardware); called in frame order, in place of that frame's packet. The
     * channel goes on with the next frame. The default logs the failure as a warning.
     */
    default void onError(long frameIndex, long pts, VencException error) {
        LoggerFactory.getLogger(PacketSink.class).warn(
                "Encoding failed for frame " + frameIndex + " (pts " + pts + ")", error);
    }
}
