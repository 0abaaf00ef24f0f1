package io.github.camelvenc.engine.testing;

import io.github.camelvenc.engine.FrameType;
import io.github.camelvenc.engine.Packet;
import io.github.camelvenc.engine.PacketSink;
import io.github.camelvenc.engine.VencException;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** A sink that keeps every packet, drop record and error, and writes the stream for the decoders. */
public final class PacketCollector implements PacketSink {
    private final List<Packet> packets = new CopyOnWriteArrayList<>();
    private final List<VencException> errors = new CopyOnWriteArrayList<>();

    @Override
    public void onPacket(Packet packet) {
        packets.add(packet);
    }

    @Override
    public void onError(long frameIndex, long pts, VencException error) {
        errors.add(error);
    }

    /** Everything received, drop records included, in order. */
    public List<Packet> all() {
        return List.copyOf(packets);
    }

    /** The access units (no drop records), in order. */
    public List<Packet> encoded() {
        return packets.stream().filter(p -> !p.isDropped()).toList();
    }

    /** The drop records, in order. */
    public List<Packet> dropped() {
        return packets.stream().filter(Packet::isDropped).toList();
    }

    public List<VencException> errors() {
        return List.copyOf(errors);
    }

    /** Positions (among the access units) of the IDR frames. */
    public List<Integer> idrPositions() {
        List<Packet> encoded = encoded();
        List<Integer> idrs = new ArrayList<>();
        for (int i = 0; i < encoded.size(); i++) {
            if (encoded.get(i).frameType() == FrameType.IDR) {
                idrs.add(i);
            }
        }
        return idrs;
    }

    /** Total bytes of the access units from position {@code from} (inclusive) to {@code to} (exclusive). */
    public long bytes(int from, int to) {
        List<Packet> encoded = encoded();
        long sum = 0;
        for (int i = from; i < to; i++) {
            sum += encoded.get(i).data().length;
        }
        return sum;
    }

    /** Average bit rate in kbit/s of access units [from, to) at {@code fps} frames per second. */
    public double kbps(int from, int to, double fps) {
        return bytes(from, to) * 8.0 / ((to - from) / fps) / 1000.0;
    }

    /** Writes the access units back to back (an Annex-B elementary stream). */
    public Path write(Path file) throws IOException {
        try (OutputStream out = Files.newOutputStream(file)) {
            for (Packet p : encoded()) {
                out.write(p.data());
            }
        }
        return file;
    }
}
