package io.github.camelvenc.engine.mux;

import io.github.camelvenc.engine.Codec;
import java.nio.charset.StandardCharsets;

/**
 * The file-level and track-level boxes of ISO/IEC 14496-12: {@code ftyp}, and {@code moov} with one
 * video track ({@code mvhd}, {@code trak}/{@code tkhd}/{@code edts}, {@code mdia}/{@code mdhd}/{@code hdlr},
 * {@code minf}/{@code vmhd}/{@code dinf}) around a sample table written by {@link SampleTable}.
 */
final class MovieBoxes {
    /** The movie header's timescale (durations in mvhd, tkhd and elst). */
    static final int MOVIE_TIMESCALE = 1000;
    static final int TRACK_ID = 1;
    private static final int[] UNITY_MATRIX = {0x00010000, 0, 0, 0, 0x00010000, 0, 0, 0, 0x40000000};

    private MovieBoxes() {
    }

    /** {@code ftyp} of a progressive file. */
    static void progressiveFileType(BoxWriter w, Codec codec) {
        w.box("ftyp").fourCc("isom").u32(0x200).fourCc("isom").fourCc("iso2")
                .fourCc(codec == Codec.H264 ? "avc1" : "hvc1").fourCc("mp41").end();
    }

    /** {@code ftyp} of a fragmented (CMAF) file or init segment. */
    static void fragmentedFileType(BoxWriter w) {
        w.box("ftyp").fourCc("iso6").u32(0).fourCc("iso6").fourCc("cmfc").fourCc("mp41").end();
    }

    /**
     * Opens {@code moov} and writes everything up to the sample table's {@code stbl}, which the caller
     * writes and then closes with {@link #closeTrack}.
     *
     * @param mediaDuration  track duration in media ticks (0 for a fragmented file)
     * @param firstPresented media time of the first presented sample (an edit list starts the
     *                       presentation there when it is positive)
     */
    static void openTrack(BoxWriter w, VideoTrack track, long timescale, long mediaDuration, long firstPresented) {
        long movieDuration = mediaDuration * MOVIE_TIMESCALE / timescale;
        w.box("moov");
        w.fullBox("mvhd", 0, 0).u32(0).u32(0).u32(MOVIE_TIMESCALE).u32(movieDuration).u32(0x00010000).u16(0x0100)
                .zeros(10);
        matrix(w);
        w.zeros(24).u32(TRACK_ID + 1).end();
        w.box("trak");
        w.fullBox("tkhd", 0, 3).u32(0).u32(0).u32(TRACK_ID).u32(0).u32(movieDuration).zeros(8).u16(0).u16(0).u16(0)
                .u16(0);
        matrix(w);
        w.u32((long) track.width() << 16).u32((long) track.height() << 16).end();
        if (firstPresented > 0) {
            w.box("edts").fullBox("elst", 0, 0).u32(1).u32(movieDuration).u32(firstPresented).u16(1).u16(0).end().end();
        }
        w.box("mdia");
        w.fullBox("mdhd", 0, 0).u32(0).u32(0).u32(timescale).u32(mediaDuration).u16(language("und")).u16(0).end();
        w.fullBox("hdlr", 0, 0).u32(0).fourCc("vide").zeros(12).bytes("VideoHandler\0".getBytes(StandardCharsets.US_ASCII)).end();
        w.box("minf");
        w.fullBox("vmhd", 0, 1).u16(0).zeros(6).end();
        w.box("dinf").fullBox("dref", 0, 0).u32(1).fullBox("url ", 0, 1).end().end().end();
    }

    /** Closes {@code minf}, {@code mdia} and {@code trak}; the caller adds {@code mvex} if fragmented and closes {@code moov}. */
    static void closeTrack(BoxWriter w) {
        w.end().end().end();
    }

    /**
     * {@code mvex}: the whole duration of the fragments in {@code mehd} when it is known (a finished
     * clip; {@code mediaDuration} 0 leaves it out, as for a live stream), then the track's {@code trex}
     * defaults (all given per sample in {@code trun}).
     */
    static void movieExtends(BoxWriter w, long timescale, long mediaDuration) {
        w.box("mvex");
        if (mediaDuration > 0) {
            w.fullBox("mehd", 0, 0).u32(mediaDuration * MOVIE_TIMESCALE / timescale).end();
        }
        w.fullBox("trex", 0, 0).u32(TRACK_ID).u32(1).u32(0).u32(0).u32(0).end().end();
    }

    private static void matrix(BoxWriter w) {
        for (int m : UNITY_MATRIX) {
            w.u32(m & 0xffffffffL);
        }
    }

    /** ISO 639-2/T code packed in 15 bits (three 5-bit letters, 'a' = 1). */
    static int language(String code) {
        return ((code.charAt(0) - 0x60) << 10) | ((code.charAt(1) - 0x60) << 5) | (code.charAt(2) - 0x60);
    }
}
