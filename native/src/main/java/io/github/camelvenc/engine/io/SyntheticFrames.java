package io.github.camelvenc.engine.io;

/**
 * A synthetic camera: a deterministic test pattern, like FFmpeg's {@code testsrc}, for demos and
 * tests that need live-looking frames without a camera or a clip. Frame {@code n} is a diagonal luma
 * ramp shifted by {@code 3 * n} pixels, a bright box ({@code 235}) that moves {@code 4} pixels right
 * per frame across the middle rows, and chroma bands that drift with {@code n}, as one tightly
 * packed NV12 picture (stride = width, the interleaved Cb/Cr plane right after the luma plane). Every
 * frame differs from the previous one, so an encoder produces real P frames and a decoder shows
 * visible motion. Wrap a frame with {@code Frame.of(frame(n), width, height, PixelFormat.NV12, pts)}.
 * Instances hold no state beyond the size and are safe to share between threads.
 */
public final class SyntheticFrames {
    private final int width;
    private final int height;

    /**
     * Frames of {@code width} x {@code height}.
     *
     * @throws IllegalArgumentException unless both are positive and even (4:2:0 chroma)
     */
    public SyntheticFrames(int width, int height) {
        if (width <= 0 || height <= 0 || (width & 1) != 0 || (height & 1) != 0) {
            throw new IllegalArgumentException("Frame size must be positive and even, got " + width + "x" + height);
        }
        this.width = width;
        this.height = height;
    }

    /** Bytes of one NV12 frame. */
    public int frameSize() {
        return width * height * 3 / 2;
    }

    /** Frame number {@code n} of the sequence, a new array of {@link #frameSize()} bytes. */
    public byte[] frame(long n) {
        byte[] f = new byte[frameSize()];
        int shift = (int) (n * 3 % 256);
        int boxSide = Math.max(8, Math.min(width, height) / 4);
        int boxX = (int) (n * 4 % Math.max(1, width - boxSide));
        int boxY = (height - boxSide) / 2;
        for (int y = 0; y < height; y++) {
            int row = y * width;
            boolean inBoxRows = y >= boxY && y < boxY + boxSide;
            for (int x = 0; x < width; x++) {
                int v = (x + y + shift) & 0xff;
                if (inBoxRows && x >= boxX && x < boxX + boxSide) {
                    v = 235;
                }
                f[row + x] = (byte) v;
            }
        }
        int chroma = width * height;
        for (int y = 0; y < height / 2; y++) {
            for (int x = 0; x < width / 2; x++) {
                int i = chroma + y * width + 2 * x;
                f[i] = (byte) (64 + ((x * 4 + shift) & 127));
                f[i + 1] = (byte) (64 + ((y * 4 + n) & 127));
            }
        }
        return f;
    }
}
