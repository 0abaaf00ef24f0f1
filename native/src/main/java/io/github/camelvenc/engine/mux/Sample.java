package io.github.camelvenc.engine.mux;

/**
 * One access unit as an MP4 sample.
 *
 * @param data              NAL units behind 4-byte lengths ({@link VideoTrack#sample})
 * @param decodeTime        decode time in media timescale ticks
 * @param duration          ticks until the next sample's decode time
 * @param compositionOffset presentation time minus decode time, ticks, never negative
 * @param sync              a random access point (IDR)
 */
record Sample(byte[] data, long decodeTime, long duration, long compositionOffset, boolean sync) {
}
