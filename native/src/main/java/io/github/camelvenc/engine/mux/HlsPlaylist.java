package io.github.camelvenc.engine.mux;

import java.io.ByteArrayOutputStream;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Locale;

/**
 * An HLS media playlist (RFC 8216) over a sliding window of segments cut from one continuous live
 * stream (a {@link LiveMuxer} with {@code segmentMillis = 0}, so fMP4 decode times run on): a segment
 * starts at a key frame once {@code targetSeconds} passed since the previous one started. The playlist has
 * {@code #EXT-X-TARGETDURATION}, {@code #EXT-X-MEDIA-SEQUENCE}, one {@code #EXTINF} per complete segment,
 * and for fMP4 an {@code #EXT-X-MAP} naming the init segment. A segment is listed once the next one
 * starts (its duration is known then). Segment names are {@code seg-<sequence>.m4s} or
 * {@code seg-<sequence>.ts}, the init segment {@code init.mp4}. Thread-safe.
 */
public final class HlsPlaylist {
    private final Container container;
    private final int window;
    private final Deque<Segment> done = new ArrayDeque<>();
    private final double target;
    private long targetDuration;
    private long nextSequence;
    private byte[] init;
    private Segment current;
    private boolean ended;

    private static final class Segment {
        final long sequence;
        final double start;
        final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        double duration;
        byte[] data;

        Segment(long sequence, double start) {
            this.sequence = sequence;
            this.start = start;
        }
    }

    /**
     * @param container     {@link Container#FMP4} or {@link Container#TS}
     * @param targetSeconds the intended segment duration (the muxer's segment length), at least 1
     * @param window        how many complete segments the playlist lists, at least 3
     */
    public HlsPlaylist(Container container, double targetSeconds, int window) {
        if (container != Container.FMP4 && container != Container.TS) {
            throw new IllegalArgumentException("HLS segments are fmp4 or ts, not " + container.id());
        }
        if (!(targetSeconds >= 1) || window < 3) {
            throw new IllegalArgumentException("HLS needs segments of at least 1 s and a window of at least 3, got "
                    + targetSeconds + " s and " + window);
        }
        this.container = container;
        this.window = window;
        this.target = targetSeconds;
        this.targetDuration = (long) Math.ceil(targetSeconds);
    }

    /** Adds a chunk of the stream, in order. */
    public synchronized void add(LiveMuxer.Chunk chunk) {
        if (chunk.container() != container) {
            throw new IllegalArgumentException("A " + container.id() + " playlist got a " + chunk.container().id() + " chunk");
        }
        if (chunk.segment() > 0) {
            throw new IllegalArgumentException("HLS segments are cut from one continuous stream: mux it with "
                    + "segmentMillis 0");
        }
        if (chunk.keyFrame() && (current == null || chunk.time() - current.start >= target)) {
            finishCurrent(chunk.time());
            init = chunk.init();
            current = new Segment(nextSequence++, chunk.time());
            ended = false;
        }
        if (current != null) {
            current.bytes.writeBytes(chunk.media());
        }
    }

    /** The stream ended at media time {@code endTime}: the last segment is listed and the playlist closed. */
    public synchronized void end(double endTime) {
        finishCurrent(endTime);
        ended = true;
    }

    private void finishCurrent(double endTime) {
        if (current == null) {
            return;
        }
        current.duration = Math.max(0, endTime - current.start);
        current.data = current.bytes.toByteArray();
        targetDuration = Math.max(targetDuration, Math.round(current.duration));
        done.addLast(current);
        while (done.size() > window) {
            done.removeFirst();
        }
        current = null;
    }

    /** The media playlist, or {@code null} while no segment is complete. */
    public synchronized String playlist() {
        if (done.isEmpty()) {
            return null;
        }
        StringBuilder s = new StringBuilder("#EXTM3U\n");
        s.append("#EXT-X-VERSION:").append(container == Container.FMP4 ? 7 : 3).append('\n');
        s.append("#EXT-X-TARGETDURATION:").append(targetDuration).append('\n');
        s.append("#EXT-X-MEDIA-SEQUENCE:").append(done.peekFirst().sequence).append('\n');
        s.append("#EXT-X-INDEPENDENT-SEGMENTS\n");
        if (container == Container.FMP4) {
            s.append("#EXT-X-MAP:URI=\"init.mp4\"\n");
        }
        for (Segment seg : done) {
            s.append(String.format(Locale.ROOT, "#EXTINF:%.3f,", seg.duration)).append('\n').append(segmentName(seg.sequence))
                    .append('\n');
        }
        if (ended) {
            s.append("#EXT-X-ENDLIST\n");
        }
        return s.toString();
    }

    /** The init segment (fMP4), or {@code null}. */
    public synchronized byte[] init() {
        return container == Container.FMP4 ? init : null;
    }

    /** The bytes of the segment named {@code name} while it is in the window, else {@code null}. */
    public synchronized byte[] segment(String name) {
        for (Segment seg : done) {
            if (segmentName(seg.sequence).equals(name)) {
                return seg.data;
            }
        }
        return null;
    }

    /** The file name of segment {@code sequence}. */
    public String segmentName(long sequence) {
        return "seg-" + sequence + (container == Container.FMP4 ? ".m4s" : ".ts");
    }
}
