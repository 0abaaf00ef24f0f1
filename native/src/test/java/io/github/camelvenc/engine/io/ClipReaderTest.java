package io.github.camelvenc.engine.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.management.ThreadMXBean;
import io.github.camelvenc.cli.Tools;
import io.github.camelvenc.engine.Frame;
import io.github.camelvenc.engine.InvalidFrameException;
import io.github.camelvenc.engine.PixelFormat;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.lang.management.BufferPoolMXBean;
import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ClipReaderTest {
    private static final int W = 64;
    private static final int H = 48;
    private static final int FRAME = W * H * 3 / 2;

    @TempDir
    Path dir;

    @Test
    void rawClipGivesEachFrameInOrderWithIndexPts() throws IOException {
        byte[] clip = new byte[FRAME * 3];
        for (int i = 0; i < clip.length; i++) {
            clip[i] = (byte) (i / FRAME * 40 + i % 7);
        }
        try (ClipReader r = ClipReader.raw(new ByteArrayInputStream(clip), W, H, PixelFormat.NV21, 25)) {
            for (int f = 0; f < 3; f++) {
                Frame frame = r.next();
                assertEquals(f, frame.pts());
                assertEquals(PixelFormat.NV21, frame.pixelFormat());
                assertArrayEquals(Arrays.copyOfRange(clip, f * FRAME, (f + 1) * FRAME), bytes(frame));
            }
            assertNull(r.next());
            assertEquals(3, r.framesRead());
            assertEquals(25, r.frameRate(30));
            assertFalse(r.isY4m());
        }
    }

    @Test
    void rawTrailingPartialFrameIsAnErrorAfterTheWholeFrames() throws IOException {
        byte[] clip = new byte[FRAME * 2 + 100];
        try (ClipReader r = ClipReader.raw(new ByteArrayInputStream(clip), W, H, PixelFormat.NV12, 30)) {
            r.next();
            r.next();
            InvalidFrameException e = assertThrows(InvalidFrameException.class, r::next);
            assertTrue(e.getMessage().contains("100 of " + FRAME), e.getMessage());
        }
    }

    @Test
    void rawRejectsOddOrEmptySize() {
        InputStream in = new ByteArrayInputStream(new byte[0]);
        assertThrows(InvalidFrameException.class, () -> ClipReader.raw(in, 63, 48, PixelFormat.NV12, 30));
        assertThrows(InvalidFrameException.class, () -> ClipReader.raw(in, 0, 48, PixelFormat.NV12, 30));
    }

    @Test
    void y4mPlanesAreInterleavedExactlyAsFfmpegConvertsToNv12() throws Exception {
        Path y4m = Tools.testClip(dir, "clip.y4m", 320, 240, 25, 8, "yuv420p", "yuv4mpegpipe");
        Path nv12 = Tools.testClip(dir, "clip.nv12", 320, 240, 25, 8, "nv12", "rawvideo");
        byte[] expected = Files.readAllBytes(nv12);
        int frameSize = 320 * 240 * 3 / 2;
        assertEquals(8 * frameSize, expected.length);
        try (ClipReader r = ClipReader.y4m(Files.newInputStream(y4m))) {
            assertTrue(r.isY4m());
            assertEquals(320, r.width());
            assertEquals(240, r.height());
            assertEquals(25, r.frameRate(30));
            for (int f = 0; f < 8; f++) {
                Frame frame = r.next();
                assertEquals(PixelFormat.NV12, frame.pixelFormat());
                assertArrayEquals(Arrays.copyOfRange(expected, f * frameSize, (f + 1) * frameSize), bytes(frame),
                        "frame " + f);
            }
            assertNull(r.next());
        }
    }

    @Test
    void openDetectsY4mByItsMagicAndRawOtherwise() throws IOException {
        try (ClipReader r = ClipReader.open(new ByteArrayInputStream(y4m("W4 H2 F30:1", 1)), 0, 0,
                PixelFormat.NV12, 0)) {
            assertTrue(r.isY4m());
            assertEquals(4, r.width());
        }
        try (ClipReader r = ClipReader.open(new ByteArrayInputStream(new byte[FRAME]), W, H, PixelFormat.NV12, 30)) {
            assertFalse(r.isY4m());
            assertEquals(0, r.next().pts());
        }
    }

    @Test
    void y4mCommentParametersMayRepeat() throws IOException {
        try (ClipReader r = ClipReader.y4m(new ByteArrayInputStream(
                y4m("W4 H2 F15:1 Ip A1:1 C420jpeg XYSCSS=420JPEG XCOLORRANGE=LIMITED", 1)))) {
            assertEquals(4, r.width());
            assertNotNull(r.next(), "the header ffmpeg writes for testsrc is read");
        }
    }

    @Test
    void y4mNonIntegerFrameRateIsRoundedAndKeptExact() throws IOException {
        try (ClipReader r = ClipReader.y4m(new ByteArrayInputStream(y4m("W4 H2 F30000:1001 C420jpeg", 0)))) {
            assertEquals(30000, r.frameRateNum());
            assertEquals(1001, r.frameRateDen());
            assertEquals(30, r.frameRate(25));
            assertNull(r.next());
        }
    }

    @Test
    void y4mBadHeadersAreRejectedClearly() {
        assertMessage("Not a YUV4MPEG2 stream", "YUV4MPEG3 W4 H2\n");
        assertMessage("Unsupported Y4M colour space C422", "YUV4MPEG2 W4 H2 C422\n");
        assertMessage("Unsupported Y4M colour space C420p10", "YUV4MPEG2 W4 H2 C420p10\n");
        assertMessage("Y4M width W5 is odd", "YUV4MPEG2 W5 H2\n");
        assertMessage("Y4M header has no W (width)", "YUV4MPEG2 H2\n");
        assertMessage("Y4M width W 'x' is not an integer", "YUV4MPEG2 Wx H2\n");
        assertMessage("ends inside a stream header: 'YUV4MPEG2 W4 H2'", "YUV4MPEG2 W4 H2");
        assertMessage("Not a YUV4MPEG2 stream: it is empty", "");
    }

    @Test
    void y4mTruncatedFrameAndMissingFrameMarkerAreErrors() throws IOException {
        byte[] whole = y4m("W4 H2", 2);
        byte[] cut = Arrays.copyOf(whole, whole.length - 3);
        try (ClipReader r = ClipReader.y4m(new ByteArrayInputStream(cut))) {
            r.next();
            InvalidFrameException e = assertThrows(InvalidFrameException.class, r::next);
            assertTrue(e.getMessage().contains("ends inside frame 1"), e.getMessage());
        }
        byte[] bad = "YUV4MPEG2 W4 H2\nFRAMX\n".getBytes(StandardCharsets.US_ASCII);
        try (ClipReader r = ClipReader.y4m(new ByteArrayInputStream(bad))) {
            InvalidFrameException e = assertThrows(InvalidFrameException.class, r::next);
            assertTrue(e.getMessage().contains("does not start with FRAME"), e.getMessage());
        }
    }

    @Test
    void hostileY4mHeadersAreCleanInvalidFrameExceptionsQuotingTheTextGiven() {
        assertMessage("Y4M width W '46340' is too large (allowed: [1, 8192])", "YUV4MPEG2 W46340 H46340 F30:1\n");
        assertMessage("Y4M width W '30000' is too large", "YUV4MPEG2 W30000 H30000\n");
        assertMessage("Y4M width W '99999999999' is too large", "YUV4MPEG2 W99999999999 H2\n");
        assertMessage("Y4M width W '99999999999999999999999' is too large", "YUV4MPEG2 W99999999999999999999999 H2\n");
        assertMessage("Y4M height H '-240' is negative", "YUV4MPEG2 W320 H-240\n");
        assertMessage("Y4M frame rate F is not N:D (e.g. F30:1)", "YUV4MPEG2 W4 H2 F\n");
        assertMessage("Y4M frame rate F '' is not an integer", "YUV4MPEG2 W4 H2 F:\n");
        assertMessage("Y4M frame rate F '-1' is negative", "YUV4MPEG2 W4 H2 F-1:1\n");
        assertMessage("Y4M frame rate F30:0 is out of range", "YUV4MPEG2 W4 H2 F30:0\n");
        assertMessage("Y4M frame rate F1000:1 is out of range", "YUV4MPEG2 W4 H2 F1000:1\n");
        assertMessage("Y4M frame rate F1:1000 is out of range", "YUV4MPEG2 W4 H2 F1:1000\n");
        assertMessage("Unsupported Y4M interlacing It", "YUV4MPEG2 W4 H2 It\n");
        assertMessage("Unsupported Y4M interlacing Imixed", "YUV4MPEG2 W4 H2 Imixed\n");
        assertMessage("Y4M pixel aspect ratio A1 is not N:D", "YUV4MPEG2 W4 H2 A1\n");
        assertMessage("Y4M pixel aspect ratio A 'x' is not an integer", "YUV4MPEG2 W4 H2 A1:x\n");
        assertMessage("Y4M header gives 'W' twice", "YUV4MPEG2 W4 W8 H2\n");
        assertMessage("Y4M width W '4\\x01\\xff' is not an integer", "YUV4MPEG2 W4\u0001\u00ff H2\n");
        String digits = "1".repeat(500);
        assertMessage("Y4M width W '" + "1".repeat(80) + "'... (500 characters) is too large",
                "YUV4MPEG2 W" + digits + " H2\n");
        assertMessage("Y4M stream header longer than 4096 bytes", "YUV4MPEG2 X" + "x".repeat(5000) + "\n");
        assertMessage("Not a YUV4MPEG2 stream: header starts with 'YUV4MPEG2\\x00'", "YUV4MPEG2\u0000 W4 H2\n");
    }

    @Test
    void y4mAcceptsProgressiveAndUnknownInterlacingAspectAndUnknownRate() throws IOException {
        try (ClipReader r = ClipReader.y4m(new ByteArrayInputStream(y4m("W4 H2 F0:0 Ip A0:0 XYSCSS=420JPEG", 1)))) {
            assertEquals(0, r.frameRateNum());
            assertEquals(25, r.frameRate(25));
            assertEquals(0, r.next().pts());
        }
        try (ClipReader r = ClipReader.y4m(new ByteArrayInputStream(y4m("W4 H2 F25:1 I? A128:117 C420mpeg2", 1)))) {
            assertEquals(25, r.frameRate(30));
        }
    }

    @Test
    void aHugeHeaderAllocatesNothingBeyondTheBytesThatFollowIt() throws IOException {
        BufferPoolMXBean directPool = ManagementFactory.getPlatformMXBeans(BufferPoolMXBean.class).stream()
                .filter(b -> b.getName().equals("direct")).findFirst().orElseThrow();
        long direct = directPool.getMemoryUsed();
        byte[] body = new byte[1000];
        byte[] head = "YUV4MPEG2 W8192 H8192 F30:1\nFRAME\n".getBytes(StandardCharsets.US_ASCII);
        byte[] clip = Arrays.copyOf(head, head.length + body.length);
        long heap = allocatedBytes();
        try (ClipReader r = ClipReader.y4m(new ByteArrayInputStream(clip))) {
            InvalidFrameException e = assertThrows(InvalidFrameException.class, r::next);
            assertTrue(e.getMessage().contains("ends inside frame 0: 1000 of 100663296 bytes"), e.getMessage());
        }
        try (ClipReader r = ClipReader.raw(new ByteArrayInputStream(body), 8192, 8192, PixelFormat.NV12, 30)) {
            InvalidFrameException e = assertThrows(InvalidFrameException.class, r::next);
            assertTrue(e.getMessage().contains("Clip ends inside frame 0: 1000 of 100663296 bytes"), e.getMessage());
        }
        long allocated = allocatedBytes() - heap;
        assertTrue(allocated < 4 << 20, "heap allocated for two 100 MB headers: " + allocated);
        assertTrue(directPool.getMemoryUsed() - direct < 1 << 20, "direct memory allocated");
    }

    @Test
    void rawSizeBeyondTheLargestPictureIsRejected() {
        InputStream in = new ByteArrayInputStream(new byte[0]);
        InvalidFrameException e = assertThrows(InvalidFrameException.class,
                () -> ClipReader.raw(in, 8194, 48, PixelFormat.NV12, 30));
        assertTrue(e.getMessage().contains("even and in [2, 8192], got 8194x48"), e.getMessage());
    }

    /** Bytes allocated on the heap by this thread so far (HotSpot's per-thread counter). */
    private static long allocatedBytes() {
        return ((ThreadMXBean) ManagementFactory.getThreadMXBean())
                .getThreadAllocatedBytes(Thread.currentThread().getId());
    }

    private static void assertMessage(String expected, String header) {
        Exception e = assertThrows(InvalidFrameException.class,
                () -> ClipReader.y4m(new ByteArrayInputStream(header.getBytes(StandardCharsets.ISO_8859_1))));
        assertTrue(e.getMessage().contains(expected), e.getMessage());
        assertTrue(e.getMessage().chars().allMatch(c -> c >= 0x20 && c < 0x7f), "printable: " + e.getMessage());
        assertTrue(e.getMessage().length() < 300, "short: " + e.getMessage());
    }

    /** A Y4M stream of {@code frames} 4:2:0 frames of the header's size (4x2 only) with distinct bytes. */
    private static byte[] y4m(String params, int frames) {
        StringBuilder sb = new StringBuilder("YUV4MPEG2 " + params + "\n");
        byte[] head = sb.toString().getBytes(StandardCharsets.US_ASCII);
        ByteBuffer b = ByteBuffer.allocate(head.length + frames * (6 + 12));
        b.put(head);
        for (int f = 0; f < frames; f++) {
            b.put("FRAME\n".getBytes(StandardCharsets.US_ASCII));
            for (int i = 0; i < 12; i++) {
                b.put((byte) (f * 16 + i));
            }
        }
        return b.array();
    }

    private static byte[] bytes(Frame frame) {
        ByteBuffer data = frame.data();
        byte[] out = new byte[data.remaining()];
        data.get(out);
        return out;
    }
}
