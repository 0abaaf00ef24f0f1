package io.github.camelvenc.engine.io;

import io.github.camelvenc.engine.ChannelConfig;
import io.github.camelvenc.engine.Frame;
import io.github.camelvenc.engine.InvalidFrameException;
import io.github.camelvenc.engine.PixelFormat;
import io.github.camelvenc.engine.UserText;
import java.io.BufferedInputStream;
import java.io.Closeable;
import java.io.FileInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Reads the frames of a whole clip from a stream, one at a time, so a clip never sits whole in
 * memory: raw NV12/NV21 (size given by the caller) or YUV4MPEG2 4:2:0 (size and frame rate from its
 * header, planes interleaved to NV12). The returned frames share one direct buffer, so an encoder can
 * use the picture in place: a frame is valid until the next call to {@link #next()}. A raw clip read
 * from a {@link FileInputStream} goes from the file into that buffer with no copy through the Java
 * heap. A trailing partial frame is an error. Not thread-safe.
 *
 * <p>Parse, then check, then allocate: every header field is parsed and checked (overflow-safe,
 * sizes within {@link ChannelConfig#MAX_SIDE}, rates within {@link ChannelConfig#MAX_FRAME_RATE})
 * before anything is allocated, and the frame buffers are allocated only once the first whole frame
 * has arrived (it is read in growing chunks), so a header that claims a huge picture costs no more
 * memory than the bytes that actually follow it. A bad or hostile header is an
 * {@link InvalidFrameException} whose message quotes the offending text printably
 * ({@link UserText#quote}).
 */
public final class ClipReader implements Closeable {
    private static final byte[] Y4M_MAGIC = "YUV4MPEG2".getBytes(StandardCharsets.US_ASCII);
    private static final int MAX_HEADER_LINE = 4096;
    /** The Y4M colour spaces that are 8-bit 4:2:0 (no tag means 420jpeg). */
    private static final List<String> Y4M_420 = List.of("420", "420jpeg", "420mpeg2", "420paldv");

    private final InputStream in;
    private final int width;
    private final int height;
    private final int frameBytes;
    private final PixelFormat pixelFormat;
    private final int fpsNum;
    private final int fpsDen;
    private final boolean y4m;
    private final FileChannel file;
    private byte[] frame;
    private ByteBuffer direct;
    private byte[] planar;
    private long framesRead;

    private ClipReader(InputStream in, int width, int height, PixelFormat pixelFormat, int fpsNum, int fpsDen,
            boolean y4m) {
        this.in = in;
        this.width = width;
        this.height = height;
        this.frameBytes = Math.toIntExact((long) width * height * 3 / 2);
        this.pixelFormat = pixelFormat;
        this.fpsNum = fpsNum;
        this.fpsDen = fpsDen;
        this.y4m = y4m;
        this.file = !y4m && in instanceof FileInputStream fis ? fis.getChannel() : null;
    }

    /**
     * A raw clip of tightly packed frames.
     *
     * @param fps frames per second to report from {@link #frameRate()}, or 0 when unknown
     * @throws InvalidFrameException when the size is not even and within {@link ChannelConfig#MAX_SIDE}
     */
    public static ClipReader raw(InputStream in, int width, int height, PixelFormat pixelFormat, int fps) {
        Objects.requireNonNull(in, "in");
        Objects.requireNonNull(pixelFormat, "pixelFormat");
        if (width <= 0 || height <= 0 || (width & 1) != 0 || (height & 1) != 0
                || width > ChannelConfig.MAX_SIDE || height > ChannelConfig.MAX_SIDE) {
            throw new InvalidFrameException("Raw clip size must be even and in [2, " + ChannelConfig.MAX_SIDE
                    + "], got " + width + "x" + height);
        }
        return new ClipReader(in, width, height, pixelFormat, Math.max(fps, 0), 1, false);
    }

    /**
     * A YUV4MPEG2 clip; reads and checks its header now (see the class comment).
     *
     * @throws InvalidFrameException when the stream is empty or its header is not a supported Y4M header
     */
    public static ClipReader y4m(InputStream source) throws IOException {
        Objects.requireNonNull(source, "in");
        InputStream in = source instanceof BufferedInputStream ? source : new BufferedInputStream(source, 65536);
        String header = readLineOrEnd(in, "stream header");
        if (header == null) {
            throw new InvalidFrameException("Not a YUV4MPEG2 stream: it is empty");
        }
        String[] tokens = header.split(" ");
        if (!tokens[0].equals("YUV4MPEG2")) {
            throw new InvalidFrameException("Not a YUV4MPEG2 stream: header starts with " + UserText.quote(tokens[0]));
        }
        Map<Character, String> tags = new HashMap<>();
        for (int i = 1; i < tokens.length; i++) {
            String t = tokens[i];
            // X parameters are free-form comments and may repeat (ffmpeg writes XYSCSS=... XCOLORRANGE=...)
            if (!t.isEmpty() && t.charAt(0) != 'X' && tags.put(t.charAt(0), t.substring(1)) != null) {
                throw new InvalidFrameException("Y4M header gives " + UserText.quote(t.substring(0, 1)) + " twice: "
                        + UserText.quote(header));
            }
        }
        int w = side(tags.get('W'), "W", "width");
        int h = side(tags.get('H'), "H", "height");
        String colour = tags.getOrDefault('C', "420jpeg");
        if (!Y4M_420.contains(colour)) {
            throw new InvalidFrameException("Unsupported Y4M colour space C" + UserText.printable(colour)
                    + ": only 8-bit 4:2:0 (C420, C420jpeg, C420mpeg2, C420paldv)");
        }
        String interlacing = tags.getOrDefault('I', "p");
        if (!interlacing.equals("p") && !interlacing.equals("?")) {
            throw new InvalidFrameException("Unsupported Y4M interlacing I" + UserText.printable(interlacing)
                    + ": only progressive frames (Ip, or I? / no I tag, read as progressive)");
        }
        if (tags.containsKey('A')) {
            ratio(tags.get('A'), "A", "pixel aspect ratio");
        }
        int num = 0;
        int den = 1;
        if (tags.containsKey('F')) {
            int[] f = ratio(tags.get('F'), "F", "frame rate");
            if (f[0] != 0 || f[1] != 0) {
                if (f[0] == 0 || f[1] == 0 || (double) f[0] / f[1] > ChannelConfig.MAX_FRAME_RATE
                        || (double) f[0] / f[1] < 0.5) {
                    throw new InvalidFrameException("Y4M frame rate F" + UserText.printable(tags.get('F'))
                            + " is out of range: from 1 to " + ChannelConfig.MAX_FRAME_RATE
                            + " frames per second (or F0:0, unknown)");
                }
                num = f[0];
                den = f[1];
            }
        }
        return new ClipReader(in, w, h, PixelFormat.NV12, num, den, true);
    }

    /** Opens {@code in} as Y4M when it starts with the YUV4MPEG2 magic, else as raw with the given size. */
    public static ClipReader open(InputStream in, int width, int height, PixelFormat pixelFormat, int fps)
            throws IOException {
        InputStream buffered = in.markSupported() ? in : new BufferedInputStream(in, 65536);
        buffered.mark(Y4M_MAGIC.length);
        byte[] head = buffered.readNBytes(Y4M_MAGIC.length);
        buffered.reset();
        if (Arrays.equals(head, Y4M_MAGIC)) {
            return y4m(buffered);
        }
        return raw(buffered, width, height, pixelFormat, fps);
    }

    /**
     * The next frame, with {@code pts} = its 0-based index (units of one frame period), or
     * {@code null} at the end of the clip.
     *
     * @throws InvalidFrameException when the clip ends inside a frame or a Y4M frame header is bad
     */
    public Frame next() throws IOException {
        if (y4m) {
            String marker = readLineOrEnd(in, "frame header");
            if (marker == null) {
                return null;
            }
            if (!marker.equals("FRAME") && !marker.startsWith("FRAME ")) {
                throw new InvalidFrameException("Y4M frame " + framesRead + " does not start with FRAME: "
                        + UserText.quote(marker));
            }
        }
        if (direct == null) {
            if (!readFirst()) {
                return null;
            }
        } else if (y4m) {
            readFully(frame, 0, width * height);
            readFully(planar, 0, width * height / 2);
            interleave(planar, 0, frame, width * height, width * height / 4);
            direct.clear();
            direct.put(frame);
        } else {
            int n = file != null ? readFromFile() : in.readNBytes(frame, 0, frameBytes);
            if (n == 0) {
                return null;
            }
            if (n < frameBytes) {
                throw endsInside(n);
            }
            if (file == null) {
                direct.clear();
                direct.put(frame);
            }
        }
        direct.clear();
        return Frame.of(direct, width, height, width, pixelFormat, framesRead++);
    }

    /**
     * Reads the first frame in growing chunks ({@link InputStream#readNBytes(int)}), then allocates the
     * frame buffers and fills the direct one: memory follows the bytes that arrive, not the size the
     * header claims. False at the end of a raw clip with no frame.
     */
    private boolean readFirst() throws IOException {
        byte[] first = in.readNBytes(frameBytes);
        if (first.length == 0 && !y4m) {
            return false;
        }
        if (first.length < frameBytes) {
            throw y4m ? new InvalidFrameException("Y4M clip ends inside frame 0: " + first.length + " of "
                    + frameBytes + " bytes (" + width + "x" + height + ")") : endsInside(first.length);
        }
        direct = ByteBuffer.allocateDirect(frameBytes);
        if (y4m) {
            frame = new byte[frameBytes];
            planar = new byte[width * height / 2];
            System.arraycopy(first, 0, frame, 0, width * height);
            interleave(first, width * height, frame, width * height, width * height / 4);
            direct.put(frame);
        } else {
            direct.put(first);
            frame = file == null ? first : null;
        }
        return true;
    }

    private InvalidFrameException endsInside(int bytes) {
        return new InvalidFrameException("Clip ends inside frame " + framesRead + ": " + bytes + " of " + frameBytes
                + " bytes (" + width + "x" + height + " " + pixelFormat + ")");
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

    private static void interleave(byte[] planar, int from, byte[] out, int chromaStart, int planeSize) {
        int o = chromaStart;
        for (int i = 0; i < planeSize; i++) {
            out[o++] = planar[from + i];
            out[o++] = planar[from + planeSize + i];
        }
    }

    /** A W or H value: even, in [2, {@link ChannelConfig#MAX_SIDE}]. */
    private static int side(String value, String tag, String what) {
        if (value == null) {
            throw new InvalidFrameException("Y4M header has no " + tag + " (" + what + ")");
        }
        int v = UserText.parseInt("Y4M " + what + " " + tag, value, 1, ChannelConfig.MAX_SIDE,
                InvalidFrameException::new);
        if ((v & 1) != 0) {
            throw new InvalidFrameException("Y4M " + what + " " + tag + v + " is odd: 4:2:0 needs an even size");
        }
        return v;
    }

    /** An F or A value, {@code N:D} with both non-negative. */
    private static int[] ratio(String value, String tag, String what) {
        int colon = value.indexOf(':');
        if (colon < 0) {
            throw new InvalidFrameException("Y4M " + what + " " + tag + UserText.printable(value)
                    + " is not N:D (e.g. " + tag + (tag.equals("F") ? "30:1" : "1:1") + ")");
        }
        String label = "Y4M " + what + " " + tag;
        return new int[] {
            UserText.parseInt(label, value.substring(0, colon), 0, Integer.MAX_VALUE, InvalidFrameException::new),
            UserText.parseInt(label, value.substring(colon + 1), 0, Integer.MAX_VALUE, InvalidFrameException::new)};
    }

    /**
     * One header line without its newline, or null at the end of the stream before any byte; a line
     * longer than {@value #MAX_HEADER_LINE} bytes or cut by the end of the stream is an error.
     */
    private static String readLineOrEnd(InputStream in, String what) throws IOException {
        StringBuilder sb = new StringBuilder();
        int c;
        while ((c = in.read()) != -1) {
            if (c == '\n') {
                return sb.toString();
            }
            if (sb.length() >= MAX_HEADER_LINE) {
                throw new InvalidFrameException("Y4M " + what + " longer than " + MAX_HEADER_LINE + " bytes: "
                        + UserText.quote(sb));
            }
            sb.append((char) c);
        }
        if (sb.length() == 0) {
            return null;
        }
        throw new InvalidFrameException("Y4M stream ends inside a " + what + ": " + UserText.quote(sb));
    }
}
