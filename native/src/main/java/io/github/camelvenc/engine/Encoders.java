package io.github.camelvenc.engine;

import java.lang.System.Logger.Level;
import java.util.EnumMap;
import java.util.Map;
import java.util.ServiceLoader;

/** Opens channels on the backend a configuration asks for. */
public final class Encoders {
    private static final System.Logger LOG = System.getLogger(Encoders.class.getName());

    private Encoders() {
    }

    /**
     * Opens a channel; with {@link BackendKind#AUTO}, Ascend when usable for the device, software otherwise.
     * Logs one warning when the bit rate lies outside the VENC guide's range for the picture size, codec
     * and scenario ({@link BitRateRecommender#warning}).
     */
    public static Channel open(ChannelConfig config, PacketSink sink) {
        Channel channel = select(config.backend(), config.deviceId()).open(config, sink);
        BitRateRecommender.warning(config).ifPresent(w -> LOG.log(Level.WARNING, w));
        return channel;
    }

    /** The backend that {@link #open} would use, failing clearly when an explicit one is unusable. */
    public static EncoderBackend select(BackendKind kind, int deviceId) {
        Map<BackendKind, EncoderBackend> all = backends();
        if (kind == BackendKind.AUTO) {
            EncoderBackend ascend = all.get(BackendKind.ASCEND);
            if (ascend != null) {
                EncoderBackend.Availability a = ascend.probe(deviceId);
                if (a.usable()) {
                    LOG.log(Level.INFO, "backend=auto: using ascend (" + a.detail() + ")");
                    return ascend;
                }
                LOG.log(Level.INFO, "backend=auto: using software, ascend unusable: " + a.detail());
            }
            return require(all, BackendKind.SOFTWARE, deviceId);
        }
        return require(all, kind, deviceId);
    }

    private static EncoderBackend require(Map<BackendKind, EncoderBackend> all, BackendKind kind, int deviceId) {
        EncoderBackend b = all.get(kind);
        if (b == null) {
            throw new VencException("No " + kind.name().toLowerCase() + " backend on the class path");
        }
        EncoderBackend.Availability a = b.probe(deviceId);
        if (!a.usable()) {
            throw new VencException("The " + kind.name().toLowerCase() + " backend is unusable: " + a.detail());
        }
        return b;
    }

    /** Every backend found on the class path, by kind. */
    public static Map<BackendKind, EncoderBackend> backends() {
        Map<BackendKind, EncoderBackend> all = new EnumMap<>(BackendKind.class);
        for (EncoderBackend b : ServiceLoader.load(EncoderBackend.class, Encoders.class.getClassLoader())) {
            all.putIfAbsent(b.kind(), b);
        }
        return all;
    }
}
