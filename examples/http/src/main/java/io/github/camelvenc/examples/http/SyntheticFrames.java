package io.github.camelvenc.examples.http;

/**
 * A synthetic camera picture: a diagonal luma ramp that moves a few pixels every frame, a bright box
 * that crosses the picture and chroma bands, as one tightly packed NV12 frame. Every frame differs from
 * the previous one, so an encoder produces real P frames and a decoder shows visible motion.
 */
public final class SyntheticFrames {
    private final int width;
    private final int height;

    /** Frames of {@code width} x {@code height} (both even). */
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

    /** Frame number {@code n} of the sequence. */
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
