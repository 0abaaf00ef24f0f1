package io.github.camelvenc.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.camelvenc.engine.testing.MediaTools;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code venc encode} never destroys a file: INPUT = OUTPUT is refused through any name, OUTPUT is
 * replaced only by a complete stream, devices and FIFOs are written in place and survive, and every
 * I/O error says what and why. Run as root (as CI does), where permission checks cannot save a file.
 */
class FileSafetyTest {
    private static final String[] RAW = {"encode", "--codec", "h264", "--size", "320x240", "--fps", "30"};

    @TempDir
    Path dir;
    private Path clip;
    private byte[] clipBytes;

    @BeforeEach
    void clip() throws IOException {
        clip = Tools.testClip(dir, "clip.nv12", 320, 240, 30, 3, "nv12", "rawvideo");
        clipBytes = Files.readAllBytes(clip);
    }

    private static VencTest.Run encode(String input, String output, String... extra) {
        List<String> args = new ArrayList<>(List.of(RAW));
        args.addAll(List.of(extra));
        args.add(input);
        args.add(output);
        return VencTest.venc(new ByteArrayInputStream(new byte[0]), args.toArray(String[]::new));
    }

    @Test
    void inputAsOutputIsRefusedThroughTheSameNameASymlinkAndAHardLink() throws IOException {
        Path symlink = Files.createSymbolicLink(dir.resolve("link.h264"), clip);
        Path hardLink = Files.createLink(dir.resolve("hard.h264"), clip);
        Path inputLink = Files.createSymbolicLink(dir.resolve("in-link.nv12"), clip);
        for (Path output : List.of(clip, symlink, hardLink)) {
            VencTest.Run r = encode(clip.toString(), output.toString());
            assertError(r, 2, "INPUT " + clip + " and OUTPUT " + output + " are the same file");
        }
        assertError(encode(inputLink.toString(), hardLink.toString()), 2, "are the same file");
        assertArrayEquals(clipBytes, Files.readAllBytes(clip), "INPUT unchanged");
        assertTrue(Files.isSymbolicLink(symlink));
        assertNoTemporaryFiles();
    }

    @Test
    void aFailedEncodeLeavesAnExistingOutputUntouchedAndNoTemporaryFile() throws IOException {
        Path keep = dir.resolve("keep.h265");
        byte[] old = "an earlier encode".getBytes(StandardCharsets.US_ASCII);
        Files.write(keep, old);
        assertError(encode(clip.toString(), keep.toString(), "--backend", "ascend"), 1, "ascend");
        assertArrayEquals(old, Files.readAllBytes(keep));
        byte[] cut = new byte[clipBytes.length + 1000];
        System.arraycopy(clipBytes, 0, cut, 0, clipBytes.length);
        List<String> args = new ArrayList<>(List.of(RAW));
        args.addAll(List.of("-", keep.toString()));
        VencTest.Run stdin = VencTest.venc(new ByteArrayInputStream(cut), args.toArray(String[]::new));
        assertError(stdin, 1, "Clip ends inside frame 3: 1000 of 115200 bytes");
        assertArrayEquals(old, Files.readAllBytes(keep));
        assertNoTemporaryFiles();
    }

    @Test
    void aSuccessfulEncodeReplacesTheOutputKeepingItsModeAndItsSymlink() throws Exception {
        Path target = dir.resolve("target.h264");
        Files.write(target, new byte[] {1, 2, 3});
        Files.setPosixFilePermissions(target, PosixFilePermissions.fromString("rw-r-----"));
        Path link = Files.createSymbolicLink(dir.resolve("out.h264"), target);
        VencTest.Run r = encode(clip.toString(), link.toString());
        assertEquals(0, r.status(), r.err());
        assertTrue(Files.isSymbolicLink(link), "the symlink stays a symlink");
        assertEquals("rw-r-----", PosixFilePermissions.toString(Files.getPosixFilePermissions(target)));
        assertEquals(3, MediaTools.frames(target).size());
        assertNoTemporaryFiles();
    }

    @Test
    void devicesAreWrittenInPlaceAndNeverRemoved() throws IOException {
        VencTest.Run nul = encode(clip.toString(), "/dev/null");
        assertEquals(0, nul.status(), nul.err());
        assertTrue(nul.out().startsWith("3 frames in, 3 out"), nul.out());
        VencTest.Run full = encode(clip.toString(), "/dev/full");
        assertError(full, 1, "cannot write /dev/full: no space left on device");
        for (String device : List.of("/dev/null", "/dev/full")) {
            assertTrue(Files.exists(Path.of(device), LinkOption.NOFOLLOW_LINKS), device + " still exists");
            assertFalse(Files.isRegularFile(Path.of(device)), device + " is still a device");
        }
        assertError(encode(clip.toString(), "/dev/venc-no-such-device"), 1,
                "cannot open /dev/venc-no-such-device: no such file or directory");
        assertFalse(Files.exists(Path.of("/dev/venc-no-such-device")));
    }

    @Test
    void aFifoIsWrittenInPlaceAndSurvives() throws Exception {
        Path fifo = dir.resolve("pipe.h264");
        MediaTools.run(List.of("mkfifo", fifo.toString()));
        CompletableFuture<byte[]> read = CompletableFuture.supplyAsync(() -> {
            try {
                return Files.readAllBytes(fifo);
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        });
        VencTest.Run r = encode(clip.toString(), fifo.toString());
        assertEquals(0, r.status(), r.err());
        byte[] stream = read.get(30, TimeUnit.SECONDS);
        assertTrue(Files.exists(fifo) && !Files.isRegularFile(fifo) && !Files.isDirectory(fifo), "FIFO survives");
        Path copy = Files.write(dir.resolve("copy.h264"), stream);
        assertEquals(3, MediaTools.frames(copy).size());
        assertNoTemporaryFiles();
    }

    @Test
    void everyIoErrorSaysWhatAndWhy() throws IOException {
        Path nodir = dir.resolve("nodir").resolve("x.h264");
        assertError(encode(clip.toString(), nodir.toString()), 1, "cannot create " + nodir + ": no such directory");
        assertFalse(Files.exists(nodir.getParent()));
        Path outDir = Files.createDirectory(dir.resolve("out.h264"));
        assertError(encode(clip.toString(), outDir.toString()), 1, "cannot create " + outDir + ": is a directory");
        assertTrue(Files.isDirectory(outDir));
        Path notDir = dir.resolve("clip.nv12").resolve("x.h264");
        assertError(encode(clip.toString(), notDir.toString()), 1, "cannot create " + notDir + ": not a directory");
        assertError(encode(dir.toString(), dir.resolve("y.h264").toString()), 1,
                "cannot open INPUT " + dir + ": is a directory");
        assertError(encode(dir.resolve("none.nv12").toString(), dir.resolve("y.h264").toString()), 1,
                "cannot open INPUT " + dir.resolve("none.nv12") + ": no such file");
        assertArrayEquals(clipBytes, Files.readAllBytes(clip));
        assertNoTemporaryFiles();
    }

    private static void assertError(VencTest.Run r, int status, String expected) {
        assertEquals(status, r.status(), r.err());
        String[] lines = r.err().split("\n");
        assertEquals(1, lines.length, "one line: " + r.err());
        assertTrue(lines[0].startsWith("venc: ") && lines[0].contains(expected),
                "'" + lines[0] + "' should contain '" + expected + "'");
    }

    private void assertNoTemporaryFiles() throws IOException {
        try (Stream<Path> files = Files.walk(dir)) {
            List<Path> left = files.filter(p -> p.getFileName().toString().contains(".venc-")).toList();
            assertEquals(List.of(), left, "temporary files left behind");
        }
    }
}
