package io.github.camelvenc.camel;

import io.github.camelvenc.engine.AbstractChannel;
import io.github.camelvenc.engine.BackendKind;
import io.github.camelvenc.engine.Channel;
import io.github.camelvenc.engine.ChannelConfig;
import io.github.camelvenc.engine.EncoderBackend;
import io.github.camelvenc.engine.Frame;
import io.github.camelvenc.engine.PacketSink;
import io.github.camelvenc.engine.ascend.AscendBackend;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The Ascend backend of this module's tests (registered in META-INF/services ahead of the real one):
 * the real {@link AscendBackend} for every device except two fault devices, whose channels fail with
 * the {@link Error}s a user's application meets when the native binding does not match, as thrown by
 * JNA. {@link #SEND_FAILS}: every frame fails with a {@link NoSuchMethodError} (the error of an engine
 * built against a newer JNA); {@link #OPEN_FAILS}: opening fails with an {@link UnsatisfiedLinkError};
 * {@link #LOST_AFTER_START} answers the first probe (the endpoint's start) and none after, like a
 * device that fails while the application runs.
 */
public final class BrokenBackend implements EncoderBackend {
    /** The device whose channels throw a {@link NoSuchMethodError} from every send. */
    static final int SEND_FAILS = 63;
    /** The device on which opening a channel throws an {@link UnsatisfiedLinkError}. */
    static final int OPEN_FAILS = 62;
    /** The device that answers one probe only. */
    static final int LOST_AFTER_START = 61;
    private static final AtomicBoolean LOST = new AtomicBoolean();

    private final AscendBackend real = new AscendBackend();

    @Override
    public BackendKind kind() {
        return BackendKind.ASCEND;
    }

    @Override
    public Availability probe(int deviceId) {
        if (deviceId == LOST_AFTER_START) {
            return LOST.getAndSet(true) ? new Availability(false, "device " + deviceId + " was lost")
                    : new Availability(true, "test device " + deviceId + " (lost after this probe)");
        }
        return faulty(deviceId) ? new Availability(true, "broken test device " + deviceId) : real.probe(deviceId);
    }

    @Override
    public void requireSupported(ChannelConfig config) {
        if (!faulty(config.deviceId())) {
            real.requireSupported(config);
        }
    }

    @Override
    public Channel open(ChannelConfig config, PacketSink sink) {
        if (config.deviceId() == OPEN_FAILS) {
            throw new UnsatisfiedLinkError("Error looking up function 'hi_mpi_venc_create_chn': undefined symbol");
        }
        return config.deviceId() == SEND_FAILS ? new SendFails(config, sink) : real.open(config, sink);
    }

    private static boolean faulty(int deviceId) {
        return deviceId == SEND_FAILS || deviceId == OPEN_FAILS || deviceId == LOST_AFTER_START;
    }

    private static final class SendFails extends AbstractChannel {
        SendFails(ChannelConfig config, PacketSink sink) {
            super(config, sink);
        }

        @Override
        public String backendName() {
            return "broken";
        }

        @Override
        protected void doSend(Frame frame, long frameIndex) {
            throw new NoSuchMethodError("'void com.sun.jna.Memory.close()'");
        }

        @Override
        protected void doRequestIdr() {
        }

        @Override
        protected void doReconfigure(ChannelConfig next) {
        }

        @Override
        protected void doFlush() {
        }

        @Override
        protected void doClose() {
        }
    }
}
