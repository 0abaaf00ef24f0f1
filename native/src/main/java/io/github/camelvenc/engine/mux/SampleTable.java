package io.github.camelvenc.engine.mux;

import java.util.List;
import java.util.function.ToLongFunction;

/**
 * The sample table {@code stbl} of ISO/IEC 14496-12 clause 8.5: sample description ({@code stsd}),
 * decode time deltas ({@code stts}), composition offsets ({@code ctts}, only when some are not zero),
 * sync samples ({@code stss}, only when some sample is not one), one chunk holding every sample
 * ({@code stsc}, {@code stco}) and sample sizes ({@code stsz}).
 */
final class SampleTable {
    private SampleTable() {
    }

    /** The table of {@code samples}, stored back to back from file offset {@code chunkOffset}. */
    static void write(BoxWriter w, VideoTrack track, List<Sample> samples, long chunkOffset) {
        if (chunkOffset > 0xffffffffL) {
            throw new MuxException("MP4 sample data beyond 4 GiB is not supported");
        }
        w.box("stbl");
        description(w, track);
        runLengths(w, "stts", samples, Sample::duration);
        if (samples.stream().anyMatch(s -> s.compositionOffset() != 0)) {
            runLengths(w, "ctts", samples, Sample::compositionOffset);
        }
        if (!samples.stream().allMatch(Sample::sync)) {
            syncSamples(w, samples);
        }
        w.fullBox("stsc", 0, 0).u32(1).u32(1).u32(samples.size()).u32(1).end();
        w.fullBox("stsz", 0, 0).u32(0).u32(samples.size());
        for (Sample s : samples) {
            w.u32(s.data().length);
        }
        w.end();
        w.fullBox("stco", 0, 0).u32(1).u32(chunkOffset).end();
        w.end();
    }

    /** The empty table of a fragmented file: only the sample description. */
    static void writeEmpty(BoxWriter w, VideoTrack track) {
        w.box("stbl");
        description(w, track);
        w.fullBox("stts", 0, 0).u32(0).end();
        w.fullBox("stsc", 0, 0).u32(0).end();
        w.fullBox("stsz", 0, 0).u32(0).u32(0).end();
        w.fullBox("stco", 0, 0).u32(0).end();
        w.end();
    }

    private static void description(BoxWriter w, VideoTrack track) {
        w.fullBox("stsd", 0, 0).u32(1);
        track.writeSampleEntry(w);
        w.end();
    }

    /**
     * A run-length coded table of one value per sample: {@code stts} (durations) or {@code ctts}
     * (composition offsets, version 0: unsigned), entries of (sample count, value).
     */
    private static void runLengths(BoxWriter w, String type, List<Sample> samples, ToLongFunction<Sample> value) {
        w.fullBox(type, 0, 0);
        int countAt = w.size();
        w.u32(0);
        int entries = 0;
        int i = 0;
        while (i < samples.size()) {
            long v = value.applyAsLong(samples.get(i));
            int run = 1;
            while (i + run < samples.size() && value.applyAsLong(samples.get(i + run)) == v) {
                run++;
            }
            w.u32(run).u32(v);
            entries++;
            i += run;
        }
        w.put32(countAt, entries);
        w.end();
    }

    /** 1-based numbers of the sync samples. */
    private static void syncSamples(BoxWriter w, List<Sample> samples) {
        w.fullBox("stss", 0, 0);
        int countAt = w.size();
        w.u32(0);
        int entries = 0;
        for (int i = 0; i < samples.size(); i++) {
            if (samples.get(i).sync()) {
                w.u32(i + 1);
                entries++;
            }
        }
        w.put32(countAt, entries);
        w.end();
    }
}
