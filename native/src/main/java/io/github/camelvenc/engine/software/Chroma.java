package io.github.camelvenc.engine.software;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * Splits an interleaved 4:2:0 chroma plane (NV12 U/V or NV21 V/U pairs) into two planar planes,
 * written straight into the destination buffers (for the x265 channel: its native picture planes,
 * so no copy follows). The work is done 16 source bytes at a time on {@code long}s (eight pairs per
 * step, separated with shifts and masks, one 8-byte store per plane); only the last 0–7 pairs of a
 * row take the per-pair path.
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
     * first byte of each pair goes to {@code first}, the second to {@code second}, both from their
     * index 0 and tightly packed ({@code width / 2} bytes per row). Indexes are absolute (positions
     * are ignored); no buffer's position or limit is changed.
     *
     * @throws IllegalArgumentException when a destination holds fewer than {@code rows * width / 2}
     *         bytes or the source fewer than the rows read
     */
    static void deinterleave(ByteBuffer src, int offset, int stride, int width, int rows, ByteBuffer first,
            ByteBuffer second) {
        int pairs = width / 2;
        long planeBytes = (long) pairs * rows;
        if (planeBytes > first.capacity() || planeBytes > second.capacity()) {
            throw new IllegalArgumentException("chroma planes of " + first.capacity() + "/" + second.capacity()
                    + " bytes cannot hold " + rows + " rows of " + pairs);
        }
        if (rows > 0 && offset + (long) (rows - 1) * stride + 2L * pairs > src.limit()) {
            throw new IllegalArgumentException("chroma source of " + src.limit() + " bytes is shorter than "
                    + rows + " rows of stride " + stride + " from offset " + offset);
        }
        ByteBuffer in = src.duplicate().order(ByteOrder.LITTLE_ENDIAN);
        ByteBuffer outFirst = first.duplicate().order(ByteOrder.LITTLE_ENDIAN);
        ByteBuffer outSecond = second.duplicate().order(ByteOrder.LITTLE_ENDIAN);
        for (int r = 0; r < rows; r++) {
            int rowIn = offset + r * stride;
            int rowOut = r * pairs;
            int i = 0;
            for (; i + 8 <= pairs; i += 8) {
                long lo = in.getLong(rowIn + 2 * i);
                long hi = in.getLong(rowIn + 2 * i + 8);
                outFirst.putLong(rowOut + i, pack(lo & EVEN_BYTES) | pack(hi & EVEN_BYTES) << 32);
                outSecond.putLong(rowOut + i, pack((lo >>> 8) & EVEN_BYTES) | pack((hi >>> 8) & EVEN_BYTES) << 32);
            }
            for (; i < pairs; i++) {
                outFirst.put(rowOut + i, in.get(rowIn + 2 * i));
                outSecond.put(rowOut + i, in.get(rowIn + 2 * i + 1));
            }
        }
    }

    /** Gathers bytes 0, 2, 4 and 6 of {@code v} (the others zero) into its low four bytes. */
    private static long pack(long v) {
        long w = (v | (v >>> 8)) & EVEN_SHORTS;
        return (w | (w >>> 16)) & LOW_INT;
    }
}
