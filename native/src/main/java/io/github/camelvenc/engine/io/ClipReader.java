package io.github.camelvenc.engine.io;

import io.github.camelvenc.engine.Frame;
import io.github.camelvenc.engine.InvalidFrameException;
import io.github.camelvenc.engine.PixelFormat;
import java.io.Closeable;
import java.io.EOFException;
import java.io.FileInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.util.Objects;

/**
 * Reads the frames of a whole clip from a stream, one at a time, so a clip never sits whole in
 * memory: raw NV12/NV21 (size given by the caller) or YUV4MPEG2 4:2:0 (size and frame rate from its
 * header, planes interleaved to NV12). The returned frames share one direct buffer, so an encoder can
 * use the picture in place: a frame is valid until the next call to {@link #next()}. A raw clip read
 * from a {@link FileInputStream} goes from the file into that buffer with no copy through the Java
 * heap. A trailing partial frame is an error. Not thread-safe.
 */
public final class ClipReader implements Closeable {
    private static final byte[] Y4M_MAGIC = "YUV4MPEG2".getBytes(java.nio.charset.StandardCharsets.US_ASCII);

    private final InputStream in;
    private final int width;
    private final int height;
    private final PixelFormat pixelFormat;
    private final int fpsNum;
    private final int fpsDen;
    private final boolean y4m;
    private final byte[] frame;
    private final ByteBuffer direct;
    private final FileChannel file;
    private final byte[] planar;
    private long framesRead;

    private ClipReader(InputStream in, int width, int height, PixelFormat pixelFormat, int fpsNum, int fpsDen,
            boolean y4m) {
        this.in = in;
        this.width = width;
        this.height = height;
        this.pixelFormat = pixelFormat;
        this.fpsNum = fpsNum;
        this.fpsDen = fpsDen;
        this.y4m = y4m;
        this.file = !y4m && in instanceof FileInputStream fis ? fis.getChannel() : null;
        this.direct = ByteBuffer.allocateDirect(width * height * 3 / 2);
        this.frame = file == null ? new byte[direct.capacity()] : null;
        this.planar = y4m ? new byte[width * height / 2] : null;
    }

    /**
     * A raw clip of tightly packed frames.
     *
     * @param fps frames per second to report from {@link #frameRate()}, or 0 when unknown
     */
    public static ClipReader raw(InputStream in, int width, int height, PixelFormat pixelFormat, int fps) {
        Objects.requireNonNull(in, "in");
        Objects.requireNonNull(pixelFormat, "pixelFormat");
        if (width <= 0 || height <= 0 || (width & 1) != 0 || (height & 1) != 0) {
            throw new InvalidFrameException("Raw clip size must be positive and even, got " + width + "x" + height);
        }
        return new ClipReader(in, width, height, pixelFormat, Math.max(fps, 0), 1, false);
    }

    /** A YUV4MPEG2 clip; reads and checks its header now. */
    public static ClipReader y4m(InputStream source) throws IOException {
        Objects.requireNonNull(source, "in");
        InputStream in = source instanceof java.io.BufferedInputStream ? source
                : new java.io.BufferedInputStream(source, 65536);
        String header = readLine(in, "stream header");
        String[] tokens = header.split(" ");
        if (!tokens[0].equals("YUV4MPEG2")) {
            throw new InvalidFrameException("Not a YUV4MPEG2 stream: header starts with '" + tokens[0] + "'");
        }
        int w = 0;
        int h = 0;
        int num = 0;
        int den = 1;
        String colour = "420jpeg";
        for (int i = 1; i < tokens.length; i++) {
            String t = tokens[i];
            if (t.isEmpty()) {
                continue;
            }
            String v = t.substring(1);
            switch (t.charAt(0)) {
                case 'W':
                    w = parse(v, "width");
                    break;
                case 'H':
                    h = parse(v, "height");
                    break;
                case 'F':
                    String[] f = v.split(":");
                    num = parse(f[0], "frame rate");
                    den = f.length > 1 ? parse(f[1], "frame rate") : 1;
                    break;
                case 'C':
                    colour = v;
                    break;
                default:
                    break;
            }
        }
        if (!colour.startsWith("420") || colour.contains("p1") || colour.contains("p9")) {
            throw new InvalidFrameException("Unsupported Y4M colour space C" + colour + ": only 8-bit 4:2:0 (C420, "
                    + "C420jpeg, C420mpeg2, C420paldv)");
        }
        if (w <= 0 || h <= 0 || (w & 1) != 0 || (h & 1) != 0) {
            throw new InvalidFrameException("Y4M size must be positive and even, got " + w + "x" + h);
        }
        return new ClipReader(in, w, h, PixelFormat.NV12, num, den == 0 ? 1 : den, true);
    }

    /** Opens {@code in} as Y4M when it starts with the YUV4MPEG2 magic, else as raw with the given size. */
    public static ClipReader open(InputStream in, int width, int height, PixelFormat pixelFormat, int fps)
            throws IOException {
        InputStream buffered = in.markSupported() ? in : new java.io.BufferedInputStream(in, 65536);
        buffered.mark(Y4M_MAGIC.length);
        byte[] head = buffered.readNBytes(Y4M_MAGIC.length);
        buffered.reset();
        if (java.util.Arrays.equals(head, Y4M_MAGIC)) {
            return y4m(buffered);
        }
        return raw(buffered, width, height, pixelFormat, fps);
    }

    /**
     * The next frame, with {@code pts} = its 0-based index (units of one frame period), or
     * {@code null} at the end of the clip.
     *
     * @throws InvalidFrameException when the clip ends inside a frame
     */
    public Frame next() throws IOException {
        if (y4m) {
            String marker = readLineOrEnd(in);
            if (marker == null) {
                return null;
            }
            if (!marker.startsWith("FRAME")) {
                throw new InvalidFrameException("Y4M frame " + framesRead + " does not start with FRAME");
            }
            readFully(frame, 0, width * height);
            readFully(planar, 0, planar.length);
            interleave(planar, frame, width * height, width * height / 4);
        } else {
            int n = file != null ? readFromFile() : in.readNBytes(frame, 0, frame.length);
            if (n == 0) {
                return null;
            }
            if (n < direct.capacity()) {
                throw new InvalidFrameException("Clip ends inside frame " + framesRead + ": " + n + " of "
                        + direct.capacity() + " bytes (" + width + "x" + height + " " + pixelFormat + ")");
            }
        }
        if (frame != null) {
            direct.clear();
            direct.put(frame);
        }
        direct.clear();
        return Frame.of(direct, width, height, width, pixelFormat, framesRead++);
    }

    public int width() {
        return width;
    }

    public int height() {
        return height;
    }

    public PixelFormat pixelFormat() {
        return pixelFormat;
    }

    /** Frame rate numerator (0 when the clip does not say). */
    public int frameRateNum() {
        return fpsNum;
    }

    /** Frame rate denominator. */
    public int frameRateDen() {
        return fpsDen;
    }

    /** The frame rate rounded to the nearest whole number, at least 1, or {@code fallback} when unknown. */
    public int frameRate(int fallback) {
        if (fpsNum <= 0) {
            return fallback;
        }
        return Math.max(1, (int) Math.round((double) fpsNum / fpsDen));
    }

    /** True for a YUV4MPEG2 clip. */
    public boolean isY4m() {
        return y4m;
    }

    public long framesRead() {
        return framesRead;
    }

    @Override
    public void close() throws IOException {
        in.close();
    }

    /** Fills the direct buffer straight from the file; returns the bytes read (less only at the end). */
    private int readFromFile() throws IOException {
        direct.clear();
        while (direct.hasRemaining()) {
            if (file.read(direct) < 0) {
                break;
            }
        }
        return direct.position();
    }

    private void readFully(byte[] b, int off, int len) throws IOException {
        int n = in.readNBytes(b, off, len);
        if (n < len) {
            throw new InvalidFrameException("Y4M clip ends inside frame " + framesRead);
        }
    }

    private static void interleave(byte[] planar, byte[] out, int chromaStart, int planeSize) {
        int o = chromaStart;
        for (int i = 0; i < planeSize; i++) {
            out[o++] = planar[i];
            out[o++] = planar[planeSize + i];
        }
    }

    private static int parse(String v, String what) {
        try {
            return Integer.parseInt(v);
        } catch (NumberFormatException e) {
            throw new InvalidFrameException("Bad Y4M " + what + ": '" + v + "'");
        }
    }

    private static String readLine(InputStream in, String what) throws IOException {
        String line = readLineOrEnd(in);
        if (line == null) {
            throw new EOFException("Y4M " + what + " missing");
        }
        return line;
    }

    private static String readLineOrEnd(InputStream in) throws IOException {
        StringBuilder sb = new StringBuilder();
        int c;
        while ((c = in.read()) != -1) {
            if (c == '\n') {
                return sb.toString();
            }
            if (sb.length() > 4096) {
                throw new InvalidFrameException("Y4M header line longer than 4096 bytes");
            }
            sb.append((char) c);
        }
        if (sb.length() == 0) {
            return null;
        }
        throw new InvalidFrameException("Y4M stream ends inside a header line");
    }
}
