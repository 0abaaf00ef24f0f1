package io.github.camelvenc.engine.mux;

import java.util.List;

/**
 * A movie fragment of ISO/IEC 14496-12 clause 8.8: {@code moof} ({@code mfhd}, {@code traf} with
 * {@code tfhd} default-base-is-moof, {@code tfdt} and one {@code trun} giving every sample's duration,
 * size, flags and composition offset), then the {@code mdat} with the samples.
 */
final class FragmentBoxes {
    /** sample_depends_on = 2 (an I picture). */
    static final int SYNC_SAMPLE_FLAGS = 0x02000000;
    /** sample_depends_on = 1, sample_is_non_sync_sample = 1. */
    static final int NON_SYNC_SAMPLE_FLAGS = 0x01010000;
    private static final int TFHD_DEFAULT_BASE_IS_MOOF = 0x020000;
    private static final int TRUN_FLAGS = 0x000001 | 0x000100 | 0x000200 | 0x000400 | 0x000800;

    private FragmentBoxes() {
    }

    /** {@code moof} + {@code mdat} of {@code samples}; {@code baseDecodeTime} is the first sample's decode time. */
    static void write(BoxWriter w, int sequenceNumber, List<Sample> samples) {
        if (samples.isEmpty()) {
            throw new IllegalArgumentException("A fragment holds at least one sample");
        }
        int moofStart = w.size();
        w.box("moof");
        w.fullBox("mfhd", 0, 0).u32(sequenceNumber).end();
        w.box("traf");
        w.fullBox("tfhd", 0, TFHD_DEFAULT_BASE_IS_MOOF).u32(MovieBoxes.TRACK_ID).end();
        w.fullBox("tfdt", 1, 0).u64(samples.get(0).decodeTime()).end();
        w.fullBox("trun", 0, TRUN_FLAGS).u32(samples.size());
        int dataOffsetAt = w.size();
        w.u32(0);
        long payload = 0;
        for (Sample s : samples) {
            w.u32(s.duration()).u32(s.data().length).u32(s.sync() ? SYNC_SAMPLE_FLAGS : NON_SYNC_SAMPLE_FLAGS)
                    .u32(s.compositionOffset());
            payload += s.data().length;
        }
        w.end().end().end();
        w.put32(dataOffsetAt, w.size() - moofStart + 8);
        if (payload + 8 > 0xffffffffL) {
            throw new MuxException("A fragment of " + payload + " bytes is too large");
        }
        w.u32(payload + 8).fourCc("mdat");
        for (Sample s : samples) {
            w.bytes(s.data());
        }
    }
}
