package io.github.camelvenc.engine.mux;

import io.github.camelvenc.engine.Codec;
import io.github.camelvenc.engine.FrameType;
import io.github.camelvenc.engine.Packet;
import java.util.List;
import java.util.Objects;

/**
 * Muxes a live stream access unit by access unit, for frame mode, recording and HLS: a fragmented MP4
 * fragment ({@code moof}/{@code mdat} of one sample) or the TS packets of one PES per access unit, the
 * moment it is encoded.
 *
 * <p>The stream is cut into segments: a segment starts at an IDR once {@code segmentMillis} of media
 * time passed since the previous segment started (the first access unit starts the first segment;
 * {@code segmentMillis = 0} never starts another). The first chunk of a segment carries the init
 * segment (fMP4) or PAT and PMT (TS) in front, so each segment is a file that plays on its own. Media
 * time starts at 0 with the first access unit. In fMP4 each segment's decode times restart at 0 (so a
 * segment file starts at 0 and its duration is its own), in TS the PTS run on across segments as TS
 * readers expect. Not thread-safe: one muxer per stream, fed in frame order.
 */
public final class LiveMuxer {
    private final Container container;
    private final Codec codec;
    private final Timing timing;
    private final long segmentTicks;
    private final TsMuxer ts;
    private VideoTrack track;
    private byte[] init;
    private long firstPts;
    private long lastPts;
    private long lastDuration;
    private long segment = -1;
    private long segmentStart;
    private int fragments;

    /**
     * One access unit's output.
     *
     * @param container    the container
     * @param init         the init segment (fMP4) or PAT and PMT (TS) a reader that joins the stream
     *                     needs in front of a key frame's chunk
     * @param media        this access unit's fragment or TS packets (empty for a dropped frame); for
     *                     TS an IDR's packets start with PAT and PMT
     * @param segmentStart this access unit starts a new segment
     * @param segment      0-based index of the segment the access unit belongs to
     * @param time         media time of the access unit in seconds since the stream's first one
     * @param keyFrame     the access unit is an IDR, where a reader can start
     */
    public record Chunk(Container container, byte[] init, byte[] media, boolean segmentStart, long segment,
            double time, boolean keyFrame) {

        /** What to write to a segment file or send on: the fMP4 init segment first when a segment starts. */
        public byte[] data() {
            return segmentStart && container == Container.FMP4 ? withInit() : media;
        }

        /** {@code init}, then {@code media}: where a reader that joins at this key frame starts. */
        public byte[] withInit() {
            byte[] all = new byte[init.length + media.length];
            System.arraycopy(init, 0, all, 0, init.length);
            System.arraycopy(media, 0, all, init.length, media.length);
            return all;
        }
    }

    /**
     * @param container     {@link Container#FMP4} or {@link Container#TS}
     * @param segmentMillis media time per segment, 0 for one endless segment
     */
    public LiveMuxer(Container container, Codec codec, Timing timing, long segmentMillis) {
        if (container != Container.FMP4 && container != Container.TS) {
            throw new IllegalArgumentException("A live stream is muxed as fmp4 or ts, not " + container.id());
        }
        if (segmentMillis < 0) {
            throw new IllegalArgumentException("segmentMillis must not be negative, got " + segmentMillis);
        }
        this.container = container;
        this.codec = Objects.requireNonNull(codec, "codec");
        this.timing = Objects.requireNonNull(timing, "timing");
        this.segmentTicks = Math.multiplyExact(segmentMillis, timing.timescale()) / 1000;
        this.ts = container == Container.TS ? new TsMuxer(codec, timing) : null;
    }

    /** The track, known once the first access unit was muxed; {@code null} before. */
    public VideoTrack track() {
        return track;
    }

    /** Muxes the next access unit (or records a dropped frame). */
    public Chunk accept(Packet p) {
        if (p.isDropped()) {
            return new Chunk(container, init, new byte[0], false, Math.max(segment, 0),
                    track == null ? 0 : timing.seconds(lastPts - firstPts), false);
        }
        boolean idr = p.frameType() == FrameType.IDR;
        if (track == null) {
            if (!idr) {
                throw new MuxException("A live " + container.id() + " stream must start with an IDR, got " + p);
            }
            track = VideoTrack.of(codec, p);
            init = container == Container.FMP4 ? Mp4Files.initSegment(track, timing) : ts.tables();
            firstPts = p.pts();
        } else if (p.pts() <= lastPts) {
            throw new MuxException("Live " + container.id() + " needs increasing pts: " + p.pts() + " after " + lastPts);
        } else {
            lastDuration = timing.media(p.pts() - lastPts);
        }
        long time = timing.media(p.pts() - firstPts);
        boolean start = idr && (segment < 0 || segmentTicks > 0 && time - segmentStart >= segmentTicks);
        if (start) {
            segment++;
            segmentStart = time;
        }
        byte[] media;
        if (container == Container.FMP4) {
            long duration = lastDuration > 0 ? lastDuration : timing.frameDuration();
            Sample s = new Sample(track.sample(p.data()), time - segmentStart, duration, 0, idr);
            media = Mp4Files.fragment(++fragments, List.of(s));
        } else {
            media = ts.packet(p, start);
        }
        lastPts = p.pts();
        return new Chunk(container, init, media, start, segment, timing.seconds(p.pts() - firstPts), idr);
    }
}
