package io.github.camelvenc.engine;

import java.nio.ByteBuffer;
import java.util.Objects;

/**
 * One raw YUV 4:2:0 semi-planar picture: a luma plane of {@code height} rows and an interleaved
 * chroma plane of {@code height / 2} rows, both {@code stride} bytes apart, the chroma plane starting
 * at {@code chromaOffset}. The bytes are read from {@code data} between its position and limit at
 * send time and are not kept afterwards, so the caller may reuse the buffer once {@code send}
 * returns.
 */
public final class Frame {
    private final ByteBuffer data;
    private final int width;
    private final int height;
    private final int stride;
    private final int chromaOffset;
    private final PixelFormat pixelFormat;
    private final long pts;

    private Frame(ByteBuffer data, int width, int height, int stride, int chromaOffset, PixelFormat pixelFormat,
            long pts) {
        this.data = Objects.requireNonNull(data, "data").slice();
        this.pixelFormat = Objects.requireNonNull(pixelFormat, "pixelFormat");
        this.width = width;
        this.height = height;
        this.stride = stride;
        this.chromaOffset = chromaOffset;
        this.pts = pts;
        validate();
    }

    /** A tightly packed frame: stride = width, chroma right after luma. */
    public static Frame of(byte[] data, int width, int height, PixelFormat pixelFormat, long pts) {
        return of(ByteBuffer.wrap(Objects.requireNonNull(data, "data")), width, height, width, pixelFormat, pts);
    }

    /** A frame with row stride {@code stride}, chroma plane right after {@code height} luma rows. */
    public static Frame of(ByteBuffer data, int width, int height, int stride, PixelFormat pixelFormat, long pts) {
        return new Frame(data, width, height, stride, (int) Math.min(Integer.MAX_VALUE, (long) stride * height),
                pixelFormat, pts);
    }

    /** A frame whose chroma plane starts at {@code chromaOffset} (for padded plane heights). */
    public static Frame of(ByteBuffer data, int width, int height, int stride, int chromaOffset,
            PixelFormat pixelFormat, long pts) {
        return new Frame(data, width, height, stride, chromaOffset, pixelFormat, pts);
    }

    private void validate() {
        if (width <= 0 || height <= 0) {
            throw new InvalidFrameException("Frame size must be positive, got " + width + "x" + height);
        }
        if ((width & 1) != 0 || (height & 1) != 0) {
            throw new InvalidFrameException("Frame width and height must be even for 4:2:0, got " + width + "x" + height);
        }
        if (stride < width) {
            throw new InvalidFrameException("Frame stride " + stride + " is smaller than its width " + width);
        }
        if (chromaOffset < (long) stride * height) {
            throw new InvalidFrameException("Frame chroma offset " + chromaOffset + " overlaps the luma plane ("
                    + stride + " x " + height + " bytes)");
        }
        long needed = requiredLength(width, height, stride, chromaOffset);
        if (data.remaining() < needed) {
            throw new InvalidFrameException("Frame data holds " + data.remaining() + " bytes, a " + width + "x" + height
                    + " " + pixelFormat + " frame with stride " + stride + " needs " + needed);
        }
    }

    /** Bytes needed from the first luma byte to the last visible chroma byte. */
    public static long requiredLength(int width, int height, int stride, int chromaOffset) {
        return (long) chromaOffset + (long) stride * (height / 2 - 1) + width;
    }

    /** The frame bytes; position 0 is the first luma byte. A read-only view is not made: do not modify. */
    public ByteBuffer data() {
        return data.duplicate();
    }

    public int width() {
        return width;
    }

    public int height() {
        return height;
    }

    public int stride() {
        return stride;
    }

    public int chromaOffset() {
        return chromaOffset;
    }

    public PixelFormat pixelFormat() {
        return pixelFormat;
    }

    public long pts() {
        return pts;
    }

    @Override
    public String toString() {
        return "Frame[" + width + "x" + height + " " + pixelFormat + " stride=" + stride + " pts=" + pts + "]";
    }
}
