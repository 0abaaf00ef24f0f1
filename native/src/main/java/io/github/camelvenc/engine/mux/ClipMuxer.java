package io.github.camelvenc.engine.mux;

import io.github.camelvenc.engine.Codec;
import io.github.camelvenc.engine.Packet;
import java.io.ByteArrayOutputStream;
import java.util.List;

/** Muxes a whole encoded clip into one file of a {@link Container}. */
public final class ClipMuxer {
    private ClipMuxer() {
    }

    /**
     * The file of {@code packets} (in decode order, dropped-frame records skipped) in {@code container}:
     * the Annex-B stream itself, a progressive MP4 with fast start, a fragmented MP4 with one fragment
     * per gop, or a transport stream.
     *
     * @throws MuxException when the first access unit is not an IDR with parameter sets, or two
     *                      access units share a pts
     */
    public static byte[] mux(Container container, Codec codec, Timing timing, List<Packet> packets) {
        List<Packet> coded = packets.stream().filter(p -> !p.isDropped()).toList();
        if (coded.isEmpty()) {
            throw new MuxException("No access units to put into a " + container.id() + " file");
        }
        switch (container) {
            case ANNEXB:
                return concat(coded);
            case TS:
                TsMuxer ts = new TsMuxer(codec, timing);
                ByteArrayOutputStream out = new ByteArrayOutputStream();
                boolean first = true;
                for (Packet p : coded) {
                    out.writeBytes(ts.packet(p, first));
                    first = false;
                }
                return out.toByteArray();
            default:
                VideoTrack track = VideoTrack.of(codec, coded.get(0));
                List<Sample> samples = Samples.of(track, timing, coded);
                return container == Container.MP4 ? Mp4Files.progressive(track, timing, samples)
                        : Mp4Files.fragmented(track, timing, samples);
        }
    }

    private static byte[] concat(List<Packet> packets) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (Packet p : packets) {
            out.writeBytes(p.data());
        }
        return out.toByteArray();
    }
}
