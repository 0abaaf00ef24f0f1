package io.github.camelvenc.camel;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.camelvenc.engine.InvalidConfigException;
import io.github.camelvenc.engine.PixelFormat;
import io.github.camelvenc.engine.testing.ContainerReaders;
import io.github.camelvenc.engine.testing.ContainerReaders.Probe;
import io.github.camelvenc.engine.testing.MediaTools;
import io.github.camelvenc.engine.testing.TestClip;
import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.apache.camel.Exchange;
import org.apache.camel.RoutesBuilder;
import org.apache.camel.component.mock.MockEndpoint;
import org.apache.camel.test.junit5.CamelTestSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The container option: clips as MP4/fMP4/TS files, frame mode as fMP4/TS fragments and rolling segments. */
class VencContainerTest extends CamelTestSupport {
    private static final int W = 320;
    private static final int H = 240;
    private static final TestClip CLIP = new TestClip(W, H, 25, 5);
    private static final String SIZE = "width=" + W + "&height=" + H + "&srcFrameRate=25&gop=25&bitRate=400";

    @TempDir
    static Path dir;

    @Override
    protected RoutesBuilder createRouteBuilder() {
        return TestRoutes.of(r -> {
            for (String codec : List.of("h264", "h265")) {
                for (String container : List.of("mp4", "fmp4", "ts")) {
                    r.from("direct:clip-" + codec + "-" + container)
                            .to("venc:" + codec + "?container=" + container + "&" + SIZE)
                            .convertBodyTo(byte[].class).to("mock:clip");
                }
            }
            r.from("direct:halfrate").to("venc:h264?container=mp4&dstFrameRate=15&" + SIZE.replace("25&gop", "30&gop"))
                    .convertBodyTo(byte[].class).to("mock:clip");
            r.from("direct:record")
                    .to("venc:h264?mode=frame&container=fmp4&segmentDuration=1&idleTimeout=0&" + SIZE)
                    .to("file:" + dir.resolve("recordings") + "?fileExist=Append&fileName=${header.CamelVencSegmentName}")
                    .to("mock:record");
            r.from("direct:ts").to("venc:h265?mode=frame&container=ts&idleTimeout=0&" + SIZE).to("mock:ts");
        });
    }

    private byte[] clip(int frames) {
        ByteArrayOutputStream raw = new ByteArrayOutputStream();
        for (int n = 0; n < frames; n++) {
            raw.writeBytes(CLIP.semiPlanar(n, PixelFormat.NV12));
        }
        return raw.toByteArray();
    }

    @Test
    void clipBecomesAFileOfTheContainerThatFfprobeReads() throws Exception {
        byte[] raw = clip(50);
        MockEndpoint mock = getMockEndpoint("mock:clip");
        for (String codec : List.of("h264", "h265")) {
            for (String container : List.of("mp4", "fmp4", "ts")) {
                mock.reset();
                mock.expectedMessageCount(1);
                template.sendBody("direct:clip-" + codec + "-" + container, raw);
                mock.assertIsSatisfied();
                Exchange e = mock.getExchanges().get(0);
                byte[] body = e.getMessage().getBody(byte[].class);
                Path file = Files.write(dir.resolve("clip-" + codec + "-" + container
                        + (container.equals("ts") ? ".ts" : ".mp4")), body);
                Probe p = ContainerReaders.ffprobe(file.toString());
                assertEquals(50, p.frames(), codec + " " + container + ": " + p);
                assertEquals(2.0, p.duration(), 0.02, p.toString());
                assertEquals(codec.equals("h264") ? "h264" : "hevc", p.codec());
                assertEquals(List.of(0, 25), MediaTools.keyFrameIndexes(file));
                assertEquals(container, e.getMessage().getHeader(VencConstants.CONTAINER));
                assertEquals((long) body.length, e.getMessage().getHeader(VencConstants.BYTE_COUNT));
                String codecs = e.getMessage().getHeader(VencConstants.CODECS, String.class);
                assertTrue(codecs.startsWith(codec.equals("h264") ? "avc1.64" : "hvc1.1.6.L"), codecs);
            }
        }
    }

    @Test
    void droppedFramesKeepTheClipsDurationInItsTimestamps() throws Exception {
        MockEndpoint mock = getMockEndpoint("mock:clip");
        mock.expectedMessageCount(1);
        template.sendBody("direct:halfrate", clip(30));
        mock.assertIsSatisfied();
        Path file = Files.write(dir.resolve("halfrate.mp4"), mock.getExchanges().get(0).getMessage().getBody(byte[].class));
        Probe p = ContainerReaders.ffprobe(file.toString());
        assertEquals(15, p.frames(), p.toString());
        assertEquals(1.0, p.duration(), 0.02, "30 frames at 30 fps, every other one kept: " + p);
    }

    @Test
    void frameModeRecordsRollingSegmentsThatEachPlay() throws Exception {
        MockEndpoint mock = getMockEndpoint("mock:record");
        mock.expectedMessageCount(60);
        for (int n = 0; n < 60; n++) {
            template.sendBodyAndHeader("direct:record", CLIP.semiPlanar(n, PixelFormat.NV12), VencConstants.CHANNEL_KEY,
                    "../cam 1");
        }
        mock.assertIsSatisfied();
        List<Exchange> got = mock.getExchanges();
        byte[] init = got.get(0).getMessage().getHeader(VencConstants.INIT_SEGMENT, byte[].class);
        ByteArrayOutputStream elementary = new ByteArrayOutputStream();
        for (int n = 0; n < 60; n++) {
            var m = got.get(n).getMessage();
            boolean start = n % 25 == 0;
            assertEquals(start, m.getHeader(VencConstants.SEGMENT_START), "segment start at frame " + n);
            assertEquals(n / 25.0, m.getHeader(VencConstants.MEDIA_TIME, Double.class), 1e-9);
            assertArrayEquals(init, m.getHeader(VencConstants.INIT_SEGMENT, byte[].class), "the same init segment");
            byte[] body = m.getBody(byte[].class);
            assertEquals(start, Arrays.equals(init, Arrays.copyOf(body, init.length)), "init segment in front at " + n);
            elementary.writeBytes(m.getHeader(VencConstants.ACCESS_UNIT, byte[].class));
            String name = m.getHeader(VencConstants.SEGMENT_NAME, String.class);
            assertTrue(name.matches("\\.\\._cam_1/\\d{4}-\\d\\d-\\d\\dT\\d\\d-\\d\\d-\\d\\d\\.mp4"), name);
        }
        Path annexB = Files.write(dir.resolve("record-access-units.h264"), elementary.toByteArray());
        assertEquals(60, MediaTools.frameCount(annexB), "the CamelVencAccessUnit headers form the elementary stream");
        List<Path> files;
        try (Stream<Path> s = Files.list(dir.resolve("recordings").resolve(".._cam_1"))) {
            files = s.sorted().toList();
        }
        assertEquals(3, files.size(), "one file per segment: " + files);
        int[] frames = {25, 25, 10};
        for (int i = 0; i < 3; i++) {
            Probe p = ContainerReaders.ffprobe(files.get(i).toString());
            assertEquals(frames[i], p.frames(), files.get(i) + ": " + p);
            assertEquals(frames[i] / 25.0, p.duration(), 0.02, "each segment's own duration: " + p);
            assertEquals(List.of(0), MediaTools.keyFrameIndexes(files.get(i)), "starts with its IDR");
            ContainerReaders.decodeStrictly(files.get(i).toString());
        }
    }

    @Test
    void frameModeTransportStreamConcatenatesIntoOnePlayableStream() throws Exception {
        MockEndpoint mock = getMockEndpoint("mock:ts");
        mock.expectedMessageCount(40);
        for (int n = 0; n < 40; n++) {
            template.sendBody("direct:ts", CLIP.semiPlanar(n, PixelFormat.NV12));
        }
        mock.assertIsSatisfied();
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        for (Exchange e : mock.getExchanges()) {
            byte[] b = e.getMessage().getBody(byte[].class);
            assertEquals(0, b.length % 188, "whole TS packets");
            all.writeBytes(b);
        }
        assertEquals(true, mock.getExchanges().get(0).getMessage().getHeader(VencConstants.SEGMENT_START));
        assertEquals(false, mock.getExchanges().get(25).getMessage().getHeader(VencConstants.SEGMENT_START),
                "segmentDuration 0: one segment");
        Path ts = Files.write(dir.resolve("frames.ts"), all.toByteArray());
        Probe p = ContainerReaders.ffprobe(ts.toString());
        assertEquals(40, p.frames(), p.toString());
        assertEquals("hevc", p.codec());
        assertEquals(List.of(0, 25), MediaTools.keyFrameIndexes(ts));
    }

    @Test
    void containerOptionsThatCannotWorkFailAtStartNamingTheOption() {
        for (String[] bad : new String[][] {{"venc:h264?mode=frame&container=mp4", "container"},
                {"venc:h264?container=fmp4&segmentDuration=10", "segmentDuration"},
                {"venc:h264?mode=frame&segmentDuration=10", "segmentDuration"}}) {
            Exception e = assertThrows(Exception.class,
                    () -> context.addRoutes(TestRoutes.of(r -> r.from("direct:bad" + bad[0].hashCode()).to(bad[0]))));
            Throwable cause = e;
            while (cause != null && !(cause instanceof InvalidConfigException)) {
                cause = cause.getCause();
            }
            assertTrue(cause != null && cause.getMessage().contains(bad[1]), bad[0] + " -> " + e);
        }
    }
}
