package io.github.camelvenc.engine;

/**
 * Spreads {@code dst} kept frames evenly over every {@code src} input frames: the first frame is
 * kept, and frame {@code i} is kept when {@code floor(i * dst / src)} steps up. So N input frames
 * keep {@code ceil(N * dst / src)}. Both backends drop with this rule, so a stream and its drop
 * records are the same on either.
 */
public final class FrameRateControl {
    private final int src;
    private final int dst;
    private long index;

    public FrameRateControl(int src, int dst) {
        if (src < 1 || dst < 1 || dst > src) {
            throw new IllegalArgumentException("need 1 <= dst <= src, got src=" + src + " dst=" + dst);
        }
        this.src = src;
        this.dst = dst;
    }

    /** Decides for the next input frame, without consuming it: true to encode it, false to drop it. */
    public boolean keepsNext() {
        long i = index;
        return i == 0 || (i * dst) / src > ((i - 1) * dst) / src;
    }

    /** Moves on to the following input frame, once the current one was accepted or dropped. */
    public void advance() {
        index++;
    }
}
