package io.github.camelvenc.camel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.camelvenc.engine.FrameType;
import io.github.camelvenc.engine.InvalidConfigException;
import io.github.camelvenc.engine.InvalidFrameException;
import io.github.camelvenc.engine.PixelFormat;
import io.github.camelvenc.engine.testing.MediaTools;
import io.github.camelvenc.engine.testing.MediaTools.Decoded;
import io.github.camelvenc.engine.testing.TestClip;
import io.github.camelvenc.engine.testing.Yuv;
import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.camel.AsyncProducer;
import org.apache.camel.Exchange;
import org.apache.camel.support.DefaultExchange;
import org.apache.camel.test.junit5.CamelTestSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Frame mode bounds: format changes reopen the channel, rejected frames do not keep it open, maxChannels. */
class VencFrameBoundsTest extends CamelTestSupport {
    private static final TestClip BIG = new TestClip(320, 240, 30, 21);
    private static final TestClip SMALL = new TestClip(160, 120, 30, 22);

    @TempDir
    Path dir;

    /** One segment of a stream: the clip its frames come from, their format and how many. */
    private record Segment(TestClip clip, PixelFormat format, int frames) {
    }

    @Test
    void sizeAndPixelFormatChangesOpenNewChannelsThatEachDecode() throws Exception {
        List<Segment> segments = List.of(new Segment(BIG, PixelFormat.NV12, 20), new Segment(SMALL, PixelFormat.NV12, 20),
                new Segment(SMALL, PixelFormat.NV21, 10), new Segment(BIG, PixelFormat.NV12, 5));
        String uri = "venc:h264?mode=frame&width=320&height=240&gop=60&idleTimeout=0";
        List<Exchange> out = new ArrayList<>();
        int n = 0;
        for (Segment s : segments) {
            for (int i = 0; i < s.frames(); i++, n++) {
                byte[] body = s.clip().semiPlanar(n, s.format());
                Map<String, Object> headers = Map.of(VencConstants.CHANNEL_KEY, "cam", VencConstants.WIDTH,
                        s.clip().width(), VencConstants.HEIGHT, s.clip().height(), VencConstants.PIXEL_FORMAT, s.format());
                Exchange e = template.send(uri, x -> {
                    x.getIn().setBody(body);
                    x.getIn().setHeaders(new HashMap<>(headers));
                });
                assertNull(e.getException(), "frame " + n + " is encoded");
                out.add(e);
            }
        }
        VencEndpoint endpoint = context.getEndpoint(uri, VencEndpoint.class);
        assertEquals(segments.size(), endpoint.statistics().snapshot().channelsOpened(), "one channel per format");
        assertEquals(1, endpoint.openChannels().size(), "the replaced channels are closed");

        int first = 0;
        for (int k = 0; k < segments.size(); k++) {
            Segment s = segments.get(k);
            List<Exchange> mine = out.subList(first, first + s.frames());
            for (int i = 0; i < mine.size(); i++) {
                var m = mine.get(i).getMessage();
                assertEquals(i == 0 && k > 0, m.getHeader(VencConstants.FORMAT_CHANGED), "segment " + k + " frame " + i);
                assertEquals(i == 0 ? FrameType.IDR : FrameType.P, m.getHeader(VencConstants.FRAME_TYPE),
                        "segment " + k + " frame " + i);
                assertEquals((long) i, m.getHeader(VencConstants.FRAME_INDEX), "a new channel counts from 0");
            }
            @SuppressWarnings("unchecked")
            List<Integer> nals = mine.get(0).getMessage().getHeader(VencConstants.NAL_TYPES, List.class);
            assertTrue(nals.containsAll(List.of(7, 8, 5)), "segment " + k + " starts with SPS, PPS, IDR: " + nals);
            Path stream = concat("segment" + k + ".h264", mine);
            Decoded video = MediaTools.decodeStrictly(stream);
            assertEquals(s.frames(), video.frames().size(), "segment " + k + " decodes on its own");
            assertEquals(s.clip().width(), video.width());
            assertEquals(s.clip().height(), video.height());
            assertEquals(List.of(0), Streams.keyFrames(stream), "segment " + k);
            byte[] decoded = MediaTools.decodeI420(stream);
            int w = s.clip().width();
            int h = s.clip().height();
            int size = w * h * 3 / 2;
            for (int i = 0; i < s.frames(); i++) {
                byte[] ref = s.clip().i420(first + i);
                double chroma = Yuv.psnr(ref, w * h, decoded, i * size + w * h, w * h / 2);
                assertTrue(chroma > 30, "segment " + k + " frame " + i + " chroma PSNR " + chroma + " (" + s.format() + ")");
            }
            first += s.frames();
        }
    }

    @Test
    void asyncFramesCompleteInFrameOrderAcrossFormatChanges() throws Exception {
        VencEndpoint endpoint = context.getEndpoint("venc:h264?mode=frame&width=160&height=120&idleTimeout=0",
                VencEndpoint.class);
        AsyncProducer producer = endpoint.createAsyncProducer();
        producer.start();
        int frames = 40;
        List<Long> completed = Collections.synchronizedList(new ArrayList<>());
        List<Exchange> exchanges = new ArrayList<>();
        CountDownLatch done = new CountDownLatch(frames);
        try {
            for (int i = 0; i < frames; i++) {
                TestClip clip = (i / 5) % 2 == 0 ? SMALL : BIG;
                Exchange e = new DefaultExchange(context);
                e.getIn().setBody(clip.semiPlanar(i, PixelFormat.NV12));
                e.getIn().setHeader(VencConstants.WIDTH, clip.width());
                e.getIn().setHeader(VencConstants.HEIGHT, clip.height());
                e.getIn().setHeader(VencConstants.PTS, (long) i);
                exchanges.add(e);
                producer.process(e, sync -> {
                    completed.add(e.getMessage().getHeader(VencConstants.PTS, Long.class));
                    slowConsumer();
                    done.countDown();
                });
            }
            assertTrue(done.await(60, TimeUnit.SECONDS), "every frame completes");
        } finally {
            producer.stop();
        }
        List<Long> expected = new ArrayList<>();
        for (int i = 0; i < frames; i++) {
            expected.add((long) i);
            assertNull(exchanges.get(i).getException(), "frame " + i);
        }
        assertEquals(expected, completed, "exchanges complete in frame order, across 8 channels of one key");
        assertEquals(8, endpoint.statistics().snapshot().channelsOpened());
        for (int k = 0; k < 8; k++) {
            Path segment = concat("async" + k + ".h264", exchanges.subList(k * 5, k * 5 + 5));
            assertEquals(5, MediaTools.decodeStrictly(segment).frames().size(), "segment " + k);
        }
    }

    @Test
    void failPolicyRejectsTheNewFormatUntilTheIdleTimeoutReopens() throws Exception {
        String uri = "venc:h264?mode=frame&width=160&height=120&onFormatChange=fail&idleTimeout=300";
        VencEndpoint endpoint = context.getEndpoint(uri, VencEndpoint.class);
        assertNull(template.send(uri, e -> e.getIn().setBody(SMALL.semiPlanar(0, PixelFormat.NV12))).getException());
        int rejected = 0;
        Exchange accepted = null;
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        for (int n = 1; accepted == null && System.nanoTime() < deadline; n++) {
            byte[] body = BIG.semiPlanar(n, PixelFormat.NV12);
            Exchange e = template.send(uri, x -> {
                x.getIn().setBody(body);
                x.getIn().setHeader(VencConstants.WIDTH, 320);
                x.getIn().setHeader(VencConstants.HEIGHT, 240);
            });
            if (e.getException() == null) {
                accepted = e;
            } else {
                InvalidFrameException error = assertInstanceOf(InvalidFrameException.class, e.getException());
                assertTrue(error.getMessage().contains("320x240"), error.getMessage());
                rejected++;
                Thread.sleep(50);
            }
        }
        assertTrue(accepted != null, "rejected frames do not refresh the idle timer: the channel closed and reopened");
        assertTrue(rejected >= 2, "frames of the new format were rejected first: " + rejected);
        assertEquals(FrameType.IDR, accepted.getMessage().getHeader(VencConstants.FRAME_TYPE));
        assertEquals(false, accepted.getMessage().getHeader(VencConstants.FORMAT_CHANGED));
        assertEquals(2, endpoint.statistics().snapshot().channelsOpened());
        Decoded video = MediaTools.decodeStrictly(concat("after-idle.h264", List.of(accepted)));
        assertEquals(320, video.width());
    }

    @Test
    void aBadFrameInANewFormatLeavesTheChannelAlone() throws Exception {
        String uri = "venc:h264?mode=frame&width=160&height=120&idleTimeout=0";
        VencEndpoint endpoint = context.getEndpoint(uri, VencEndpoint.class);
        List<Exchange> good = new ArrayList<>();
        good.add(template.send(uri, e -> e.getIn().setBody(SMALL.semiPlanar(0, PixelFormat.NV12))));
        Exchange lying = template.send(uri, e -> {
            e.getIn().setBody(SMALL.semiPlanar(1, PixelFormat.NV12));
            e.getIn().setHeader(VencConstants.WIDTH, 320);
        });
        assertTrue(assertInstanceOf(InvalidFrameException.class, lying.getException()).getMessage()
                .contains("320x120"), lying.getException().getMessage());
        Exchange tooSmall = template.send(uri, e -> {
            e.getIn().setBody(new byte[8 * 8 * 3 / 2]);
            e.getIn().setHeader(VencConstants.WIDTH, 8);
            e.getIn().setHeader(VencConstants.HEIGHT, 8);
        });
        InvalidConfigException badSize = assertInstanceOf(InvalidConfigException.class, tooSmall.getException());
        assertEquals("width", badSize.option());
        good.add(template.send(uri, e -> e.getIn().setBody(SMALL.semiPlanar(2, PixelFormat.NV12))));
        assertNull(good.get(1).getException());
        assertEquals(1L, good.get(1).getMessage().getHeader(VencConstants.FRAME_INDEX), "the same channel went on");
        assertEquals(FrameType.P, good.get(1).getMessage().getHeader(VencConstants.FRAME_TYPE));
        assertEquals(1, endpoint.statistics().snapshot().channelsOpened());
        assertEquals(2, MediaTools.decodeStrictly(concat("kept.h264", good)).frames().size());
    }

    @Test
    void maxChannelsRefusesNewKeysUntilAChannelCloses() throws Exception {
        String uri = "venc:h264?mode=frame&width=160&height=120&maxChannels=3&idleTimeout=400";
        VencEndpoint endpoint = context.getEndpoint(uri, VencEndpoint.class);
        for (String key : List.of("a", "b", "c")) {
            assertNull(sendKey(uri, key, 0).getException(), key);
        }
        Exchange refused = sendKey(uri, "d", 0);
        ChannelLimitException limit = assertInstanceOf(ChannelLimitException.class, refused.getException());
        assertEquals("d", limit.channelKey());
        assertEquals(3, limit.maxChannels());
        assertTrue(limit.getMessage().contains("maxChannels=3"), limit.getMessage());
        Exchange open = sendKey(uri, "a", 1);
        assertNull(open.getException(), "open channels go on");
        assertEquals(1L, open.getMessage().getHeader(VencConstants.FRAME_INDEX));
        assertEquals(3, endpoint.openChannels().size());

        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (!endpoint.openChannels().isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        assertTrue(endpoint.openChannels().isEmpty(), "idle channels closed");
        Exchange later = sendKey(uri, "d", 1);
        assertNull(later.getException(), "a closed channel frees its place");
        assertEquals(FrameType.IDR, later.getMessage().getHeader(VencConstants.FRAME_TYPE));
    }

    @Test
    void maxChannelsDefaultsTo32PerProcessorAndRefusesNegativeValues() throws Exception {
        assertEquals(32 * Runtime.getRuntime().availableProcessors(), new VencConfiguration().effectiveMaxChannels());
        VencEndpoint endpoint = context.getEndpoint("venc:h264?mode=frame&width=160&height=120&maxChannels=-1",
                VencEndpoint.class);
        AsyncProducer producer = endpoint.createAsyncProducer();
        InvalidConfigException e = assertThrows(InvalidConfigException.class, producer::start);
        assertEquals("maxChannels", e.option());
    }

    /** A route step that takes a while after each frame, so the next channel's frames are ready before it is done. */
    private static void slowConsumer() {
        try {
            Thread.sleep(5);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private Exchange sendKey(String uri, String key, int n) {
        return template.send(uri, e -> {
            e.getIn().setBody(SMALL.semiPlanar(n, PixelFormat.NV12));
            e.getIn().setHeader(VencConstants.CHANNEL_KEY, key);
        });
    }

    private Path concat(String name, List<Exchange> exchanges) throws Exception {
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        for (Exchange e : exchanges) {
            all.write(e.getMessage().getBody(byte[].class));
        }
        return Files.write(dir.resolve(name), all.toByteArray());
    }
}
