package io.github.camelvenc.engine.mux;

import io.github.camelvenc.engine.FrameType;
import io.github.camelvenc.engine.Packet;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** Turns packets in decode order into samples with decode times, durations and composition offsets. */
final class Samples {
    private Samples() {
    }

    /**
     * The samples of a whole stream (dropped-frame records skipped). Decode times are the sorted
     * presentation times, shifted back by the largest reordering so that no decode time is after its
     * presentation time; the shift is the first sample's composition offset (zero without B frames).
     */
    static List<Sample> of(VideoTrack track, Timing timing, List<Packet> packets) {
        List<Packet> coded = packets.stream().filter(p -> !p.isDropped()).toList();
        int n = coded.size();
        long[] pts = new long[n];
        for (int i = 0; i < n; i++) {
            pts[i] = timing.media(coded.get(i).pts());
        }
        long[] sorted = pts.clone();
        Arrays.sort(sorted);
        for (int i = 1; i < n; i++) {
            if (sorted[i] == sorted[i - 1]) {
                throw new MuxException("Two access units share pts " + coded.get(i).pts() + ": a container needs one "
                        + "presentation time per frame");
            }
        }
        long shift = 0;
        for (int i = 0; i < n; i++) {
            shift = Math.max(shift, sorted[i] - pts[i]);
        }
        List<Sample> samples = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            long dts = sorted[i] - shift;
            long duration = i + 1 < n ? sorted[i + 1] - sorted[i] : (i > 0 ? sorted[i] - sorted[i - 1] : timing.frameDuration());
            Packet p = coded.get(i);
            samples.add(new Sample(track.sample(p.data()), dts, duration, pts[i] - dts, p.frameType() == FrameType.IDR));
        }
        return samples;
    }
}
