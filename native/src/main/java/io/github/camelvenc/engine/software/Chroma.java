package io.github.camelvenc.engine.software;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * Splits an interleaved 4:2:0 chroma plane (NV12 U/V or NV21 V/U pairs) into two planar planes.
 * The work is done 8 source bytes at a time on {@code long}s (four pairs per step, separated with
 * shifts and masks); only the last 0–3 pairs of a row take the per-pair path.
 */
final class Chroma {

    private static final long EVEN_BYTES = 0x00FF00FF00FF00FFL;
    private static final long EVEN_SHORTS = 0x0000FFFF0000FFFFL;
    private static final long LOW_INT = 0xFFFFFFFFL;

    private Chroma() {
    }

    /**
     * De-interleaves {@code rows} rows of {@code width} bytes ({@code width / 2} pairs), the first at
     * byte {@code offset} of {@code src} and each {@code stride} bytes after the previous one. The
     * first byte of each pair goes to {@code first}, the second to {@code second}, both tightly
     * packed ({@code width / 2} bytes per row).
     */
    static void deinterleave(ByteBuffer src, int offset, int stride, int width, int rows, byte[] first,
            byte[] second) {
        int pairs = width / 2;
        if ((long) pairs * rows > first.length || (long) pairs * rows > second.length) {
            throw new IllegalArgumentException("chroma planes of " + first.length + "/" + second.length
                    + " bytes cannot hold " + rows + " rows of " + pairs);
        }
        ByteBuffer in = src.duplicate().order(ByteOrder.LITTLE_ENDIAN);
        ByteBuffer outFirst = ByteBuffer.wrap(first).order(ByteOrder.LITTLE_ENDIAN);
        ByteBuffer outSecond = ByteBuffer.wrap(second).order(ByteOrder.LITTLE_ENDIAN);
        for (int r = 0; r < rows; r++) {
            int rowIn = offset + r * stride;
            int rowOut = r * pairs;
            int i = 0;
            for (; i + 4 <= pairs; i += 4) {
                long x = in.getLong(rowIn + 2 * i);
                outFirst.putInt(rowOut + i, (int) pack(x & EVEN_BYTES));
                outSecond.putInt(rowOut + i, (int) pack((x >>> 8) & EVEN_BYTES));
            }
            for (; i < pairs; i++) {
                first[rowOut + i] = in.get(rowIn + 2 * i);
                second[rowOut + i] = in.get(rowIn + 2 * i + 1);
            }
        }
    }

    /** Gathers bytes 0, 2, 4 and 6 of {@code v} (the others zero) into its low four bytes. */
    private static long pack(long v) {
        long w = (v | (v >>> 8)) & EVEN_SHORTS;
        return (w | (w >>> 16)) & LOW_INT;
    }
}
