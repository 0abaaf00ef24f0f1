package io.github.camelvenc.engine;

/**
 * Counters of one channel since it opened.
 *
 * @param framesIn      frames accepted by {@code send}
 * @param framesOut     access units delivered
 * @param framesDropped frames skipped by the frame-rate control
 * @param bytesOut      bytes of all delivered access units
 * @param errors        frames that failed inside the encoder after being accepted
 */
public record ChannelStats(long framesIn, long framesOut, long framesDropped, long bytesOut, long errors) {
}
