package io.github.camelvenc.engine.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.camelvenc.cli.Tools;
import io.github.camelvenc.engine.Frame;
import io.github.camelvenc.engine.InvalidFrameException;
import io.github.camelvenc.engine.PixelFormat;
import java.io.ByteArrayInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
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
        assertMessage("size must be positive and even, got 5x2", "YUV4MPEG2 W5 H2\n");
        assertMessage("size must be positive and even, got 0x2", "YUV4MPEG2 H2\n");
        assertMessage("Bad Y4M width", "YUV4MPEG2 Wx H2\n");
        assertMessage("ends inside a header line", "YUV4MPEG2 W4 H2");
        assertThrows(EOFException.class, () -> ClipReader.y4m(new ByteArrayInputStream(new byte[0])));
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

    private static void assertMessage(String expected, String header) {
        Exception e = assertThrows(InvalidFrameException.class,
                () -> ClipReader.y4m(new ByteArrayInputStream(header.getBytes(StandardCharsets.US_ASCII))));
        assertTrue(e.getMessage().contains(expected), e.getMessage());
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
