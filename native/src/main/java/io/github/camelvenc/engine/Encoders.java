package io.github.camelvenc.engine;

import io.github.camelvenc.engine.jna.JnaVersion;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Opens channels on the backend a configuration asks for. Every channel opens here, after the JNA
 * version check ({@link JnaVersion#require()}). The backend chosen is logged once at INFO in one
 * short line (which backend and why); the full reasons, such as every place the Ascend libraries were
 * looked for, go to DEBUG, and into an exception only when no backend can serve the request.
 */
public final class Encoders {
    private static final Logger LOG = LoggerFactory.getLogger(Encoders.class);
    private static final Set<String> ANNOUNCED = ConcurrentHashMap.newKeySet();

    private Encoders() {
    }

    /**
     * Opens a channel; with {@link BackendKind#AUTO}, Ascend when usable for the device, software otherwise.
     * Logs one warning when the bit rate lies outside the VENC guide's range for the picture size, codec
     * and scenario ({@link BitRateRecommender#warning}).
     */
    public static Channel open(ChannelConfig config, PacketSink sink) {
        Channel channel = select(config.backend(), config.deviceId()).open(config, sink);
        BitRateRecommender.warning(config).ifPresent(LOG::warn);
        return channel;
    }

    /**
     * Checks without opening a channel that {@link #open} can open one for this valid configuration:
     * the JNA version, the backend (as {@link #select}) and every option on that backend
     * ({@link EncoderBackend#requireSupported}). Returns the backend.
     */
    public static EncoderBackend check(ChannelConfig config) {
        EncoderBackend backend = select(config.backend(), config.deviceId());
        backend.requireSupported(config);
        return backend;
    }

    /** The backend that {@link #open} would use, failing clearly when an explicit one is unusable. */
    public static EncoderBackend select(BackendKind kind, int deviceId) {
        JnaVersion.require();
        Map<BackendKind, EncoderBackend> all = backends();
        if (kind != BackendKind.AUTO) {
            return require(all, kind, deviceId);
        }
        EncoderBackend ascend = all.get(BackendKind.ASCEND);
        EncoderBackend.Availability a = ascend == null
                ? new EncoderBackend.Availability(false, "no ascend backend on the class path")
                : ascend.probe(deviceId);
        if (a.usable()) {
            announce("backend=auto: using ascend (" + a.detail() + ")");
            return ascend;
        }
        EncoderBackend software = all.get(BackendKind.SOFTWARE);
        EncoderBackend.Availability s = software == null
                ? new EncoderBackend.Availability(false, "no software backend on the class path")
                : software.probe(deviceId);
        if (!s.usable()) {
            throw new VencException("No encoder backend can load. ascend: " + a.detail() + " software: " + s.detail());
        }
        LOG.debug("backend=auto: ascend unusable for device {}: {}", deviceId, a.detail());
        announce("backend=auto: using software (" + s.detail() + "); ascend unusable: " + firstSentence(a.detail()));
        return software;
    }

    private static EncoderBackend require(Map<BackendKind, EncoderBackend> all, BackendKind kind, int deviceId) {
        String name = kind.name().toLowerCase(Locale.ROOT);
        EncoderBackend b = all.get(kind);
        if (b == null) {
            throw new VencException("No " + name + " backend on the class path");
        }
        EncoderBackend.Availability a = b.probe(deviceId);
        if (!a.usable()) {
            throw new VencException("The " + name + " backend is unusable: " + a.detail());
        }
        announce("backend=" + name + ": " + a.detail());
        return b;
    }

    /** INFO the first time a selection is made in this JVM, DEBUG afterwards (it repeats for every channel). */
    private static void announce(String line) {
        if (ANNOUNCED.add(line)) {
            LOG.info(line);
        } else {
            LOG.debug(line);
        }
    }

    private static String firstSentence(String text) {
        int end = text.indexOf(". ");
        return end < 0 ? text : text.substring(0, end);
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
