package io.github.camelvenc.engine.testing;

import io.github.camelvenc.engine.Frame;
import io.github.camelvenc.engine.PixelFormat;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;

/**
 * A deterministic, realistic test clip: a camera pan across a procedurally generated
 * photograph-like picture (multi-octave value noise for lighting and texture, hard-edged shapes,
 * fine grain) with a moving object and fresh sensor noise in every frame. Real encoders spend bits
 * on it the way they do on camera footage, unlike flat synthetic patterns.
 *
 * <p>Frames come as 4:2:0 planar (I420, the reference for PSNR) or semi-planar NV12/NV21 (the
 * encoder input). Not thread-safe; {@link #frame(int)} is deterministic for a given seed.
 */
public final class TestClip {
    private final int width;
    private final int height;
    private final int fps;
    private final long seed;
    private final int noise;
    private final int panX;
    private final int panY;
    private final int sceneW;
    private final int sceneH;
    private final byte[] sceneY;
    private final byte[] sceneU;
    private final byte[] sceneV;

    /** A clip with the default pan speed (3 px/frame right, 1 px/frame down) and noise amplitude 6. */
    public TestClip(int width, int height, int fps, long seed) {
        this(width, height, fps, seed, 3, 1, 6);
    }

    /**
     * @param panX  horizontal pan in pixels per frame (even)
     * @param panY  vertical pan in pixels per frame (even or odd)
     * @param noise amplitude of the per-frame luma noise (0 = none)
     */
    public TestClip(int width, int height, int fps, long seed, int panX, int panY, int noise) {
        if (width <= 0 || height <= 0 || (width & 1) != 0 || (height & 1) != 0) {
            throw new IllegalArgumentException("even positive size needed, got " + width + "x" + height);
        }
        this.width = width;
        this.height = height;
        this.fps = fps;
        this.seed = seed;
        this.noise = noise;
        this.panX = panX;
        this.panY = panY;
        this.sceneW = width * 3;
        this.sceneH = height * 3;
        Random r = new Random(seed);
        this.sceneY = texture(sceneW, sceneH, r, 16, 235, true);
        this.sceneU = texture(sceneW / 2, sceneH / 2, r, 90, 166, false);
        this.sceneV = texture(sceneW / 2, sceneH / 2, r, 90, 166, false);
    }

    public int width() {
        return width;
    }

    public int height() {
        return height;
    }

    public int fps() {
        return fps;
    }

    /** Bytes of one tightly packed 4:2:0 frame. */
    public int frameSize() {
        return width * height * 3 / 2;
    }

    /** Frame {@code n} as I420 (Y, then U, then V planes), tightly packed. */
    public byte[] i420(int n) {
        byte[] out = new byte[frameSize()];
        int cw = width / 2;
        int ch = height / 2;
        int span = 2 * Math.max(1, (sceneW - width) / 2);
        int spanY = 2 * Math.max(1, (sceneH - height) / 2);
        int ox = bounce(n * panX, span) & ~1;
        int oy = bounce(n * panY, spanY) & ~1;
        Random grain = new Random(seed * 31 + n);
        for (int y = 0; y < height; y++) {
            int src = (oy + y) * sceneW + ox;
            int dst = y * width;
            for (int x = 0; x < width; x++) {
                int v = sceneY[src + x] & 0xFF;
                if (noise > 0) {
                    v += grain.nextInt(2 * noise + 1) - noise;
                }
                out[dst + x] = (byte) clamp(v, 0, 255);
            }
        }
        drawObject(out, n);
        int uBase = width * height;
        int vBase = uBase + cw * ch;
        for (int y = 0; y < ch; y++) {
            int src = (oy / 2 + y) * (sceneW / 2) + ox / 2;
            System.arraycopy(sceneU, src, out, uBase + y * cw, cw);
            System.arraycopy(sceneV, src, out, vBase + y * cw, cw);
        }
        return out;
    }

    /** Frame {@code n} in a semi-planar layout, tightly packed. */
    public byte[] semiPlanar(int n, PixelFormat format) {
        return Yuv.i420ToSemiPlanar(i420(n), width, height, format);
    }

    /** Frame {@code n} as an engine frame (tightly packed, pts = n). */
    public Frame frame(int n, PixelFormat format) {
        return Frame.of(semiPlanar(n, format), width, height, format, n);
    }

    /** Writes {@code frames} frames as raw semi-planar data. */
    public Path writeRaw(Path file, int frames, PixelFormat format) throws IOException {
        try (OutputStream out = Files.newOutputStream(file)) {
            for (int n = 0; n < frames; n++) {
                out.write(semiPlanar(n, format));
            }
        }
        return file;
    }

    /** Writes {@code frames} frames as raw I420 data (the reference a decoder's output is compared with). */
    public Path writeI420(Path file, int frames) throws IOException {
        try (OutputStream out = Files.newOutputStream(file)) {
            for (int n = 0; n < frames; n++) {
                out.write(i420(n));
            }
        }
        return file;
    }

    /** Writes {@code frames} frames as a YUV4MPEG2 (.y4m) 4:2:0 file. */
    public Path writeY4m(Path file, int frames) throws IOException {
        try (OutputStream out = Files.newOutputStream(file)) {
            out.write(("YUV4MPEG2 W" + width + " H" + height + " F" + fps + ":1 Ip A1:1 C420jpeg\n")
                    .getBytes(StandardCharsets.US_ASCII));
            byte[] tag = "FRAME\n".getBytes(StandardCharsets.US_ASCII);
            for (int n = 0; n < frames; n++) {
                out.write(tag);
                out.write(i420(n));
            }
        }
        return file;
    }

    private void drawObject(byte[] y, int n) {
        int size = Math.max(8, height / 6);
        int cx = bounce(n * 5, Math.max(1, width - size));
        int cy = bounce(n * 4 + height / 3, Math.max(1, height - size));
        for (int j = 0; j < size; j++) {
            for (int i = 0; i < size; i++) {
                int dx = i - size / 2;
                int dy = j - size / 2;
                if (dx * dx + dy * dy <= size * size / 4) {
                    int v = ((i / 3 + j / 3) & 1) == 0 ? 220 : 40;
                    y[(cy + j) * width + cx + i] = (byte) v;
                }
            }
        }
    }

    private static int bounce(int pos, int span) {
        int p = Math.floorMod(pos, 2 * span);
        return p < span ? p : 2 * span - p;
    }

    private static byte[] texture(int w, int h, Random r, int lo, int hi, boolean detailed) {
        float[] acc = new float[w * h];
        float amp = 1f;
        float total = 0f;
        for (int cell = Math.max(w, h) / 3; cell >= 2; cell /= 2) {
            addValueNoise(acc, w, h, cell, amp, r);
            total += amp;
            amp *= detailed ? 0.62f : 0.5f;
        }
        byte[] out = new byte[w * h];
        for (int i = 0; i < acc.length; i++) {
            acc[i] /= total;
        }
        if (detailed) {
            for (int k = 0; k < 24; k++) {
                int rw = 8 + r.nextInt(Math.max(1, w / 6));
                int rh = 8 + r.nextInt(Math.max(1, h / 6));
                int x0 = r.nextInt(Math.max(1, w - rw));
                int y0 = r.nextInt(Math.max(1, h - rh));
                float shade = r.nextFloat() * 0.6f - 0.3f;
                boolean ellipse = r.nextBoolean();
                for (int y = y0; y < y0 + rh; y++) {
                    for (int x = x0; x < x0 + rw; x++) {
                        float dx = (x - x0 - rw / 2f) / (rw / 2f);
                        float dy = (y - y0 - rh / 2f) / (rh / 2f);
                        if (!ellipse || dx * dx + dy * dy <= 1f) {
                            acc[y * w + x] += shade;
                        }
                    }
                }
            }
        }
        for (int i = 0; i < acc.length; i++) {
            float v = 0.5f + (acc[i] - 0.5f) * 1.6f;
            out[i] = (byte) clamp(Math.round(lo + v * (hi - lo)), lo, hi);
        }
        return out;
    }

    private static void addValueNoise(float[] acc, int w, int h, int cell, float amp, Random r) {
        int gw = w / cell + 2;
        int gh = h / cell + 2;
        float[] grid = new float[gw * gh];
        for (int i = 0; i < grid.length; i++) {
            grid[i] = r.nextFloat();
        }
        for (int y = 0; y < h; y++) {
            int gy = y / cell;
            float fy = smooth((y % cell) / (float) cell);
            for (int x = 0; x < w; x++) {
                int gx = x / cell;
                float fx = smooth((x % cell) / (float) cell);
                float a = grid[gy * gw + gx];
                float b = grid[gy * gw + gx + 1];
                float c = grid[(gy + 1) * gw + gx];
                float d = grid[(gy + 1) * gw + gx + 1];
                float top = a + (b - a) * fx;
                float bottom = c + (d - c) * fx;
                acc[y * w + x] += amp * (top + (bottom - top) * fy);
            }
        }
    }

    private static float smooth(float t) {
        return t * t * (3 - 2 * t);
    }

    private static int clamp(int v, int lo, int hi) {
        return v < lo ? lo : Math.min(v, hi);
    }
}
