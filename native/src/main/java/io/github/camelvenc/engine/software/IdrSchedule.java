package io.github.camelvenc.engine.software;

/**
 * Decides which encoded frames are IDRs, as the VENC does: the first frame, then every {@code gop}
 * frames. A requested IDR makes the next frame an IDR and restarts the count there, so the IDR after
 * it comes {@code gop} frames later. A gop change keeps the count since the last IDR: the next IDR
 * comes when that count reaches the new gop (at once if it already has). Counts encoded frames
 * only: frames dropped by the frame-rate control never reach it. Not thread-safe (the channel
 * serializes its calls).
 */
final class IdrSchedule {
    private int gop;
    private long sinceIdr = -1;
    private boolean requested;

    IdrSchedule(int gop) {
        this.gop = gop;
    }

    /** Whether the next encoded frame must be an IDR; changes nothing. */
    boolean idrNext() {
        return sinceIdr < 0 || requested || sinceIdr >= gop;
    }

    /** Records that the next frame was handed to the encoder, as an IDR or not. */
    void advance(boolean idr) {
        if (idr) {
            sinceIdr = 1;
            requested = false;
        } else {
            sinceIdr++;
        }
    }

    /**
     * Whether the next frame's IDR is one that an encoder opened with {@code keyint} places itself:
     * the first frame, or the count since the last IDR at exactly {@code keyint}, and not requested.
     */
    boolean placedByKeyint(int keyint) {
        return !requested && (sinceIdr < 0 || sinceIdr == keyint);
    }

    void request() {
        requested = true;
    }

    /** A fresh encoder takes the next frame: it is an IDR (its first picture), and the count restarts there. */
    void restart() {
        sinceIdr = -1;
    }

    void gop(int value) {
        gop = value;
    }
}
