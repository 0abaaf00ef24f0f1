package io.github.camelvenc.engine.mux;

import java.util.ArrayList;
import java.util.List;

/** Whole MP4 files and segments from samples: progressive with fast start, init segments, fragments. */
final class Mp4Files {
    private Mp4Files() {
    }

    /**
     * {@code ftyp}, {@code moov}, then one {@code mdat} with every sample: the index comes first, so a
     * player starts before the file is complete and seeks with one range request.
     */
    static byte[] progressive(VideoTrack track, Timing timing, List<Sample> samples) {
        if (samples.isEmpty()) {
            throw new MuxException("An MP4 file needs at least one access unit");
        }
        long origin = samples.get(0).decodeTime();
        long duration = 0;
        long firstPresented = Long.MAX_VALUE;
        long payload = 0;
        for (Sample s : samples) {
            duration += s.duration();
            firstPresented = Math.min(firstPresented, s.decodeTime() - origin + s.compositionOffset());
            payload += s.data().length;
        }
        byte[] head = head(track, timing, samples, duration, firstPresented, 0);
        head = head(track, timing, samples, duration, firstPresented, head.length + 8L);
        if (head.length + 8 + payload > Integer.MAX_VALUE) {
            throw new MuxException("An MP4 file of " + (head.length + 8 + payload) + " bytes is too large to build in memory");
        }
        BoxWriter w = new BoxWriter((int) (head.length + 8 + payload));
        w.bytes(head).u32(payload + 8).fourCc("mdat");
        for (Sample s : samples) {
            w.bytes(s.data());
        }
        return w.toByteArray();
    }

    private static byte[] head(VideoTrack track, Timing timing, List<Sample> samples, long duration,
            long firstPresented, long chunkOffset) {
        BoxWriter w = new BoxWriter(1024 + samples.size() * 8);
        MovieBoxes.progressiveFileType(w, track.codec());
        MovieBoxes.openTrack(w, track, timing.timescale(), duration, firstPresented);
        SampleTable.write(w, track, samples, chunkOffset);
        MovieBoxes.closeTrack(w);
        w.end();
        return w.toByteArray();
    }

    /** The init segment of a live stream: {@code ftyp} and a {@code moov} with {@code mvex} and no samples. */
    static byte[] initSegment(VideoTrack track, Timing timing) {
        return initSegment(track, timing, 0);
    }

    /** The init segment of fragments lasting {@code mediaDuration} ticks in all (0: unknown). */
    private static byte[] initSegment(VideoTrack track, Timing timing, long mediaDuration) {
        BoxWriter w = new BoxWriter(1024);
        MovieBoxes.fragmentedFileType(w);
        MovieBoxes.openTrack(w, track, timing.timescale(), 0, 0);
        SampleTable.writeEmpty(w, track);
        MovieBoxes.closeTrack(w);
        MovieBoxes.movieExtends(w, timing.timescale(), mediaDuration);
        w.end();
        return w.toByteArray();
    }

    /** One {@code moof}/{@code mdat} fragment. */
    static byte[] fragment(int sequenceNumber, List<Sample> samples) {
        int size = 256 + samples.size() * 16;
        for (Sample s : samples) {
            size += s.data().length;
        }
        BoxWriter w = new BoxWriter(size);
        FragmentBoxes.write(w, sequenceNumber, samples);
        return w.toByteArray();
    }

    /** Init segment, then one fragment per gop (a new fragment at every sync sample); decode times from 0. */
    static byte[] fragmented(VideoTrack track, Timing timing, List<Sample> samples) {
        if (samples.isEmpty()) {
            throw new MuxException("A fragmented MP4 file needs at least one access unit");
        }
        long origin = samples.get(0).decodeTime();
        long duration = samples.stream().mapToLong(Sample::duration).sum();
        BoxWriter w = new BoxWriter();
        w.bytes(initSegment(track, timing, duration));
        int sequence = 1;
        List<Sample> gop = new ArrayList<>();
        for (Sample s : samples) {
            if (s.sync() && !gop.isEmpty()) {
                w.bytes(fragment(sequence++, gop));
                gop.clear();
            }
            gop.add(new Sample(s.data(), s.decodeTime() - origin, s.duration(), s.compositionOffset(), s.sync()));
        }
        w.bytes(fragment(sequence, gop));
        return w.toByteArray();
    }
}
