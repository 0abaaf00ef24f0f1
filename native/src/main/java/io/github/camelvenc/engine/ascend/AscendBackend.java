package io.github.camelvenc.engine.ascend;

import io.github.camelvenc.engine.BackendKind;
import io.github.camelvenc.engine.Channel;
import io.github.camelvenc.engine.ChannelConfig;
import io.github.camelvenc.engine.EncoderBackend;
import io.github.camelvenc.engine.PacketSink;

/**
 * The Huawei Ascend DVPP VENC backend (HiMPI + ACL over JNA). Libraries are looked up on the first
 * {@link #probe} or {@link #open} (see {@code docs/ascend.md} for the places searched); nothing native
 * is loaded before.
 */
public final class AscendBackend implements EncoderBackend {

    @Override
    public BackendKind kind() {
        return BackendKind.ASCEND;
    }

    /** Loads the libraries (once) and opens and releases the device; never throws. */
    @Override
    public Availability probe(int deviceId) {
        try {
            return new Availability(true, AscendRuntime.get().probe(deviceId));
        } catch (RuntimeException | LinkageError e) {
            return new Availability(false, String.valueOf(e.getMessage()));
        }
    }

    /** The device's picture limits, checked on the device without creating a channel. */
    @Override
    public void requireSupported(ChannelConfig config) {
        AscendRuntime.get().requireSupported(config);
    }

    @Override
    public Channel open(ChannelConfig config, PacketSink sink) {
        return AscendRuntime.get().open(config, sink);
    }
}
