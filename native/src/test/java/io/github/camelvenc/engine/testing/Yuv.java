package io.github.camelvenc.engine.testing;

import io.github.camelvenc.engine.PixelFormat;

/** Conversions and comparisons of raw 8-bit 4:2:0 pictures, for tests. */
public final class Yuv {

    private Yuv() {
    }

    /** I420 (Y, U, V planes) to NV12 (Y, interleaved UV) or NV21 (Y, interleaved VU). */
    public static byte[] i420ToSemiPlanar(byte[] i420, int width, int height, PixelFormat format) {
        int luma = width * height;
        int chroma = luma / 4;
        byte[] out = new byte[luma + 2 * chroma];
        System.arraycopy(i420, 0, out, 0, luma);
        int first = format == PixelFormat.NV12 ? luma : luma + chroma;
        int second = format == PixelFormat.NV12 ? luma + chroma : luma;
        for (int i = 0; i < chroma; i++) {
            out[luma + 2 * i] = i420[first + i];
            out[luma + 2 * i + 1] = i420[second + i];
        }
        return out;
    }

    /** Copies a tightly packed semi-planar frame into rows {@code stride} bytes apart (padding bytes set to {@code pad}). */
    public static byte[] withStride(byte[] packed, int width, int height, int stride, byte pad) {
        byte[] out = new byte[stride * height * 3 / 2];
        java.util.Arrays.fill(out, pad);
        int rows = height * 3 / 2;
        for (int r = 0; r < rows; r++) {
            System.arraycopy(packed, r * width, out, r * stride, width);
        }
        return out;
    }

    /** PSNR in dB of {@code length} bytes of {@code b} against {@code a}, from the given offsets; 100 when identical. */
    public static double psnr(byte[] a, int offA, byte[] b, int offB, int length) {
        double sse = 0;
        for (int i = 0; i < length; i++) {
            int d = (a[offA + i] & 0xFF) - (b[offB + i] & 0xFF);
            sse += d * d;
        }
        if (sse == 0) {
            return 100.0;
        }
        double mse = sse / length;
        return 10.0 * Math.log10(255.0 * 255.0 / mse);
    }

    /** Mean luma PSNR over all frames of two raw I420 sequences of equal frame count. */
    public static double lumaPsnr(byte[] reference, byte[] decoded, int width, int height) {
        int frame = width * height * 3 / 2;
        if (reference.length != decoded.length || reference.length % frame != 0) {
            throw new IllegalArgumentException("sequences differ in size: " + reference.length + " vs "
                    + decoded.length + " bytes (frame " + frame + ")");
        }
        int frames = reference.length / frame;
        double sum = 0;
        for (int f = 0; f < frames; f++) {
            sum += psnr(reference, f * frame, decoded, f * frame, width * height);
        }
        return sum / frames;
    }
}
