package io.github.camelvenc.engine.mux;

/**
 * How packet timestamps become container time. {@link io.github.camelvenc.engine.Packet#pts()} counts
 * ticks of {@code ptsPerSecond} per second (the engine's default pts counts input frames, so
 * {@code ptsPerSecond} is then the input frame rate). The MP4 media timescale is the smallest multiple
 * of {@code ptsPerSecond} of at least 90000, so every pts maps to an exact media time; MPEG-TS uses its
 * fixed 90 kHz clock. {@code frameRate} (output frames per second) gives the duration of a sample whose
 * successor is unknown (the last one, or the first one of a live stream).
 *
 * @param ptsPerSecond pts ticks per second, positive
 * @param frameRate    output frames per second, positive
 */
public record Timing(int ptsPerSecond, double frameRate) {
    private static final int MIN_TIMESCALE = 90_000;

    public Timing {
        if (ptsPerSecond <= 0 || !(frameRate > 0) || Double.isInfinite(frameRate)) {
            throw new IllegalArgumentException("pts ticks per second and frame rate must be positive, got "
                    + ptsPerSecond + " and " + frameRate);
        }
    }

    /** pts ticks counting frames at {@code fps}. */
    public static Timing frames(int fps) {
        return new Timing(fps, fps);
    }

    /** The MP4 media timescale (ticks per second). */
    public long timescale() {
        return (long) ptsPerSecond * ((MIN_TIMESCALE + ptsPerSecond - 1) / ptsPerSecond);
    }

    /** {@code pts} in media timescale ticks. */
    public long media(long pts) {
        return Math.multiplyExact(pts, timescale() / ptsPerSecond);
    }

    /** {@code pts} on the 90 kHz MPEG clock, rounded down. */
    public long clock90k(long pts) {
        return Math.floorDiv(Math.multiplyExact(pts, 90_000L), ptsPerSecond);
    }

    /** {@code pts} in seconds. */
    public double seconds(long pts) {
        return pts / (double) ptsPerSecond;
    }

    /** Media ticks of one frame at {@code frameRate}, at least 1. */
    public long frameDuration() {
        return Math.max(1, Math.round(timescale() / frameRate));
    }

    @Override
    public String toString() {
        return ptsPerSecond + " pts/s, " + frameRate + " fps";
    }
}
