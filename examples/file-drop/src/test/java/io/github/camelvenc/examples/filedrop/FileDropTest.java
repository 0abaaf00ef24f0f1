package io.github.camelvenc.examples.filedrop;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.camelvenc.engine.PixelFormat;
import io.github.camelvenc.engine.testing.ContainerReaders;
import io.github.camelvenc.engine.testing.MediaTools;
import io.github.camelvenc.engine.testing.TestClip;
import io.github.camelvenc.engine.testing.Yuv;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Good and bad files dropped together: the good ones come out as MP4 files (the default container) of
 * the right frame count, size and duration and move to {@code .done}; the bad ones move to {@code .error} with their reasons;
 * the application keeps going.
 */
@QuarkusTest
@WithTestResource(DropFolders.class)
class FileDropTest {

    private static final Path BASE = Path.of("target", DropFolders.NAME).toAbsolutePath();
    private static final Path INBOX = BASE.resolve("inbox");
    private static final Path OUTBOX = BASE.resolve("outbox");

    @Test
    void goodClipsAreEncodedAndBadOnesExplained() throws Exception {
        Path staging = Files.createDirectories(BASE.resolve("staging"));
        TestClip nv12 = new TestClip(320, 240, 25, 11);
        nv12.writeRaw(staging.resolve("good_320x240_25fps.nv12"), 40, PixelFormat.NV12);
        TestClip y4m = new TestClip(352, 288, 30, 12);
        y4m.writeY4m(staging.resolve("movie.y4m"), 30);
        TestClip nv21 = new TestClip(320, 240, 30, 13);
        nv21.writeRaw(staging.resolve("cam_320x240.nv21"), 30, PixelFormat.NV21);
        Files.write(staging.resolve("short_320x240.nv12"), new byte[nv12.frameSize() * 3 / 2]);
        Files.write(staging.resolve("holiday.mp4"), new byte[1000]);
        nv12.writeRaw(staging.resolve("fast_320x240_500fps.nv12"), 1, PixelFormat.NV12);
        List<String> dropped = Folders.files(staging);
        for (String name : dropped) {
            Files.move(staging.resolve(name), INBOX.resolve(name), StandardCopyOption.ATOMIC_MOVE);
        }

        await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(200)).until(() ->
                Folders.files(INBOX.resolve(".done")).size() + Folders.files(INBOX.resolve(".error")).size() / 2
                        == dropped.size());

        assertEquals(List.of("cam_320x240.nv21", "good_320x240_25fps.nv12", "movie.y4m"),
                Folders.files(INBOX.resolve(".done")));
        assertEquals(List.of(), Folders.files(INBOX), "nothing left in the inbox");
        assertEquals(List.of("cam.mp4", "good.mp4", "movie.mp4"), Folders.files(OUTBOX),
                "complete MP4 outputs only, no partial file left");

        assertStream(OUTBOX.resolve("good.mp4"), 320, 240, 40, 25);
        assertStream(OUTBOX.resolve("movie.mp4"), 352, 288, 30, 30);
        assertStream(OUTBOX.resolve("cam.mp4"), 320, 240, 30, 30);
        assertNv21ChromaKept(nv21, OUTBOX.resolve("cam.mp4"), 30);

        assertError("short_320x240.nv12", "not a whole number of 320x240 NV12 frames");
        assertError("holiday.mp4", "Bad file name 'holiday.mp4': expected NAME.y4m or NAME_<W>x<H>");
        assertError("fast_320x240_500fps.nv12", "'srcFrameRate': 500");
    }

    /** A fast-start MP4 with an hvc1 track of the clip's size, frame count and duration. */
    private static void assertStream(Path stream, int width, int height, int frames, int fps) {
        ContainerReaders.Probe probe = ContainerReaders.ffprobe(stream.toString());
        assertEquals("hevc", probe.codec(), stream + " codec");
        assertEquals("hvc1", probe.tag(), stream + " sample entry");
        assertEquals(width, probe.width(), stream + " width");
        assertEquals(height, probe.height(), stream + " height");
        assertEquals(frames, probe.frames(), stream + " frames");
        assertEquals(frames / (double) fps, probe.duration(), 0.5 / fps, stream + " duration");
        assertEquals("Yes", ContainerReaders.mediainfo(stream).streamable(), stream + ": moov in front of mdat");
    }

    /**
     * The decoded chroma matches the source's U and V planes, and clearly not the swapped ones: the
     * NV21 input was read as V-then-U.
     */
    private static void assertNv21ChromaKept(TestClip clip, Path stream, int frames) throws Exception {
        ByteArrayOutputStream reference = new ByteArrayOutputStream();
        for (int n = 0; n < frames; n++) {
            reference.write(clip.i420(n));
        }
        byte[] source = reference.toByteArray();
        byte[] decoded = MediaTools.decodeI420(stream);
        assertEquals(source.length, decoded.length, "decoded size");
        int luma = clip.width() * clip.height();
        int quarter = luma / 4;
        int frame = clip.frameSize();
        double kept = 0;
        double swapped = 0;
        for (int n = 0; n < frames; n++) {
            int f = n * frame;
            kept += Yuv.psnr(source, f + luma, decoded, f + luma, quarter)
                    + Yuv.psnr(source, f + luma + quarter, decoded, f + luma + quarter, quarter);
            swapped += Yuv.psnr(source, f + luma, decoded, f + luma + quarter, quarter)
                    + Yuv.psnr(source, f + luma + quarter, decoded, f + luma, quarter);
        }
        kept /= 2 * frames;
        swapped /= 2 * frames;
        assertTrue(kept > 35, "chroma PSNR " + kept + " dB");
        assertTrue(swapped < kept - 5, "swapped chroma PSNR " + swapped + " dB must be far below " + kept + " dB");
    }

    private static void assertError(String file, String reason) throws Exception {
        Path errors = INBOX.resolve(".error");
        assertTrue(Files.exists(errors.resolve(file)), file + " moved to .error");
        List<String> lines = Files.readAllLines(errors.resolve(file + ".error.txt"));
        assertEquals(1, lines.size(), "one line: " + lines);
        assertTrue(lines.get(0).contains(reason), lines.get(0));
    }
}
