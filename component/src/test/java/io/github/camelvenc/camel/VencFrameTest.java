package io.github.camelvenc.camel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.camelvenc.engine.FrameType;
import io.github.camelvenc.engine.InvalidFrameException;
import io.github.camelvenc.engine.PixelFormat;
import io.github.camelvenc.engine.testing.MediaTools;
import io.github.camelvenc.engine.testing.TestClip;
import java.io.ByteArrayOutputStream;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import org.apache.camel.AsyncProducer;
import org.apache.camel.Exchange;
import org.apache.camel.RoutesBuilder;
import org.apache.camel.component.mock.MockEndpoint;
import org.apache.camel.console.DevConsole;
import org.apache.camel.support.DefaultExchange;
import org.apache.camel.support.PluginHelper;
import org.apache.camel.test.junit5.CamelTestSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Frame mode: one frame per exchange on long-lived channels, asynchronous, in order. */
class VencFrameTest extends CamelTestSupport {
    private static final int W = 320;
    private static final int H = 240;
    private static final String FRAME_URI = "venc:h264?mode=frame&width=" + W + "&height=" + H + "&gop=30&idleTimeout=0";
    private static final TestClip CLIP = new TestClip(W, H, 30, 11);

    @TempDir
    Path dir;

    @Override
    protected boolean useJmx() {
        return true;
    }

    @Override
    protected RoutesBuilder createRouteBuilder() {
        return TestRoutes.withDeadLetters(r -> {
            r.from("direct:frames").routeId("frames").to(FRAME_URI).to("mock:out");
            r.from("direct:h265").to("venc:h265?mode=frame&rcMode=CBR&gop=60&bitRate=2000&width=" + W + "&height=" + H)
                    .to("mock:h265");
            r.from("direct:lookahead").routeId("lookahead")
                    .to("venc:h264?mode=frame&width=160&height=96&lowLatency=false&idleTimeout=0").to("mock:lookahead");
            r.from("direct:nosize").to("venc:h264?mode=frame").to("mock:out");
            r.from("direct:idle").to("venc:h264?mode=frame&width=160&height=96&idleTimeout=200").to("mock:idle");
            r.from("direct:drop").to("venc:h264?mode=frame&width=160&height=96&srcFrameRate=30&dstFrameRate=15")
                    .to("mock:drop");
        });
    }

    private static byte[] frame(int n) {
        return CLIP.semiPlanar(n, PixelFormat.NV12);
    }

    private Path concat(String name, List<Exchange> exchanges) throws Exception {
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        for (Exchange e : exchanges) {
            all.write(e.getMessage().getBody(byte[].class));
        }
        return Files.write(dir.resolve(name), all.toByteArray());
    }

    @Test
    void framesBecomeAccessUnitsWithHeaders() throws Exception {
        MockEndpoint out = getMockEndpoint("mock:out");
        out.expectedMessageCount(40);
        for (int i = 0; i < 40; i++) {
            template.sendBody("direct:frames", frame(i));
        }
        out.assertIsSatisfied();
        VencStatistics.Snapshot s = context.getEndpoint(FRAME_URI, VencEndpoint.class).statistics().snapshot();
        List<Exchange> got = out.getExchanges();
        for (int i = 0; i < 40; i++) {
            Exchange e = got.get(i);
            assertEquals((long) i, e.getMessage().getHeader(VencConstants.FRAME_INDEX));
            assertEquals((long) i, e.getMessage().getHeader(VencConstants.SEQUENCE));
            assertEquals((long) i, e.getMessage().getHeader(VencConstants.PTS));
            assertEquals(i % 30 == 0 ? FrameType.IDR : FrameType.P, e.getMessage().getHeader(VencConstants.FRAME_TYPE));
            assertEquals(i % 30 == 0, e.getMessage().getHeader(VencConstants.KEY_FRAME));
            assertEquals(false, e.getMessage().getHeader(VencConstants.DROPPED));
            assertEquals("default", e.getMessage().getHeader(VencConstants.CHANNEL_KEY));
        }
        @SuppressWarnings("unchecked")
        List<Integer> nals = got.get(0).getMessage().getHeader(VencConstants.NAL_TYPES, List.class);
        assertTrue(nals.containsAll(List.of(7, 8, 5)), "IDR carries SPS, PPS and an IDR slice: " + nals);
        Path stream = concat("frames.h264", got);
        assertEquals(40, Streams.frameCount(stream));
        assertEquals(List.of(0, 30), Streams.keyFrames(stream));
        assertEquals(W, MediaTools.streamInfo(stream).width());

        VencEndpoint endpoint = context.getEndpoint(FRAME_URI, VencEndpoint.class);
        assertEquals(40, s.framesIn());
        assertEquals(40, s.framesOut());
        assertEquals(Files.size(stream), s.bytesOut());
        assertTrue(s.bitRateKbps() > 0 && s.fps() > 0, s.toString());
        assertEquals(Map.of("default", "software/x264"), endpoint.openChannels().entrySet().stream()
                .collect(java.util.stream.Collectors.toMap(Map.Entry::getKey, x -> x.getValue().split(" ")[0])));

        MBeanServer mbeans = ManagementFactory.getPlatformMBeanServer();
        Set<ObjectName> names = mbeans.queryNames(new ObjectName("org.apache.camel:type=endpoints,*"), null);
        ObjectName venc = names.stream().filter(n -> n.toString().contains("venc")
                && n.toString().contains("mode=frame") && n.toString().contains("gop=30")).findFirst().orElseThrow();
        assertEquals(40L, mbeans.getAttribute(venc, "FramesOut"));
        assertEquals(Files.size(stream), mbeans.getAttribute(venc, "BytesOut"));
        assertEquals(1, mbeans.getAttribute(venc, "ChannelsOpen"));

        DevConsole console = PluginHelper.getDevConsoleResolver(context).resolveDevConsole("venc");
        @SuppressWarnings("unchecked")
        Map<String, Object> json = (Map<String, Object>) console.call(DevConsole.MediaType.JSON);
        String text = (String) console.call(DevConsole.MediaType.TEXT);
        assertTrue(json.toString().contains("framesOut=40"), json.toString());
        assertTrue(text.contains("out: 40"), text);
    }

    @Test
    void asyncInFlightFramesCompleteInOrderAndStopLosesNone() throws Exception {
        VencEndpoint endpoint = context.getEndpoint(
                "venc:h264?mode=frame&width=" + W + "&height=" + H + "&lowLatency=false&idleTimeout=0&flushTimeout=0",
                VencEndpoint.class);
        AsyncProducer producer = endpoint.createAsyncProducer();
        producer.start();
        int n = 30;
        List<Long> completed = Collections.synchronizedList(new ArrayList<>());
        List<Exchange> exchanges = new ArrayList<>();
        AtomicInteger maxInFlight = new AtomicInteger();
        CountDownLatch done = new CountDownLatch(n);
        for (int i = 0; i < n; i++) {
            Exchange e = new DefaultExchange(context);
            e.getIn().setBody(frame(i));
            e.getIn().setHeader(VencConstants.PTS, 1000L + i * 3L);
            exchanges.add(e);
            producer.process(e, sync -> {
                completed.add(e.getMessage().getHeader(VencConstants.PTS, Long.class));
                done.countDown();
            });
            maxInFlight.accumulateAndGet(i + 1 - completed.size(), Math::max);
        }
        assertTrue(maxInFlight.get() > 2, "frames in flight at once: " + maxInFlight.get());
        producer.stop();
        assertTrue(done.await(30, TimeUnit.SECONDS), "every frame in flight completes on stop");
        List<Long> expected = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            expected.add(1000L + i * 3L);
            assertNull(exchanges.get(i).getException());
        }
        assertEquals(expected, completed, "completion order is frame order");
        Path stream = concat("async.h264", exchanges);
        assertEquals(n, Streams.frameCount(stream));
        assertEquals(0, endpoint.openChannels().size());
    }

    @Test
    void gracefulRouteStopCompletesFramesHeldInLookahead() throws Exception {
        TestClip small = new TestClip(160, 96, 30, 14);
        List<java.util.concurrent.CompletableFuture<Exchange>> futures = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            byte[] body = small.semiPlanar(i, PixelFormat.NV12);
            futures.add(template.asyncSend("direct:lookahead", e -> e.getIn().setBody(body)));
        }
        long waited = 0;
        while (context.getInflightRepository().size("lookahead") < 12 && waited < 10_000) {
            Thread.sleep(20);
            waited += 20;
        }
        context.getRouteController().stopRoute("lookahead");
        assertFalse(context.getShutdownStrategy().hasTimeoutOccurred(),
                "the quiet channel was flushed, so the graceful stop did not run into its timeout");
        List<Exchange> done = new ArrayList<>();
        for (var f : futures) {
            Exchange e = f.get(10, TimeUnit.SECONDS);
            assertNull(e.getException());
            done.add(e);
        }
        done.sort(java.util.Comparator.comparing(e -> e.getMessage().getHeader(VencConstants.FRAME_INDEX, Long.class)));
        assertEquals(12, Streams.frameCount(concat("lookahead.h264", done)));
    }

    @Test
    void forceIdrHeaderOnTheReadmeUri() throws Exception {
        MockEndpoint out = getMockEndpoint("mock:h265");
        out.expectedMessageCount(90);
        for (int i = 0; i < 90; i++) {
            template.sendBodyAndHeader("direct:h265", frame(i), VencConstants.FORCE_IDR, i == 10);
        }
        out.assertIsSatisfied();
        List<Exchange> got = out.getExchanges();
        assertEquals(FrameType.IDR, got.get(10).getMessage().getHeader(VencConstants.FRAME_TYPE));
        Path stream = concat("idr.h265", got);
        assertEquals(90, Streams.frameCount(stream));
        assertEquals(List.of(0, 10, 70), Streams.keyFrames(stream), "forced IDR at 10 restarts the gop of 60");
        assertEquals(W * H * 3 / 2 * 90, MediaTools.decodeI420WithDec265(stream).length);
    }

    @Test
    void bitRateHeaderReconfiguresTheLiveChannel() throws Exception {
        MockEndpoint out = getMockEndpoint("mock:out");
        out.expectedMessageCount(120);
        for (int i = 0; i < 120; i++) {
            template.sendBodyAndHeader("direct:frames", frame(i), VencConstants.BIT_RATE, i < 60 ? 2000 : 200);
        }
        out.assertIsSatisfied();
        List<Exchange> got = out.getExchanges();
        assertEquals(120, Streams.frameCount(concat("rate.h264", got)));
        double highKbps = kbits(got, 30, 60);
        double lowKbps = kbits(got, 90, 120);
        assertTrue(highKbps > 1500 && highKbps < 2500, "2000 kbit/s phase measured " + highKbps);
        assertTrue(lowKbps > 100 && lowKbps < 300, "200 kbit/s phase measured " + lowKbps);
    }

    @Test
    void bitRateHeaderReconfiguresTheLiveH265Channel() throws Exception {
        MockEndpoint out = getMockEndpoint("mock:h265");
        out.expectedMessageCount(120);
        for (int i = 0; i < 120; i++) {
            template.sendBodyAndHeader("direct:h265", frame(i), VencConstants.BIT_RATE, i < 60 ? 2000 : 200);
        }
        out.assertIsSatisfied();
        List<Exchange> got = out.getExchanges();
        double highKbps = kbits(got, 30, 60);
        double lowKbps = kbits(got, 90, 120);
        assertTrue(highKbps > 1500 && highKbps < 2500, "2000 kbit/s phase measured " + highKbps);
        assertTrue(lowKbps > 100 && lowKbps < 300, "200 kbit/s phase measured " + lowKbps);
    }

    /** kbit in access units [from, to): the rate in kbit/s for 30 frames at 30 fps. */
    private static double kbits(List<Exchange> got, int from, int to) {
        long bytes = 0;
        for (int i = from; i < to; i++) {
            bytes += got.get(i).getMessage().getBody(byte[].class).length;
        }
        return bytes * 8 / 1000.0 * 30 / (to - from);
    }

    @Test
    void byteBufferFrameObjectAndStridedBodies() throws Exception {
        MockEndpoint out = getMockEndpoint("mock:out");
        out.expectedMessageCount(6);
        for (int i = 0; i < 6; i++) {
            switch (i % 3) {
                case 0 -> template.sendBody("direct:frames", java.nio.ByteBuffer.wrap(frame(i)));
                case 1 -> template.sendBody("direct:frames", CLIP.frame(i, PixelFormat.NV12));
                default -> template.sendBodyAndHeader("direct:frames",
                        io.github.camelvenc.engine.testing.Yuv.withStride(frame(i), W, H, W + 64, (byte) 0),
                        VencConstants.STRIDE, W + 64);
            }
        }
        out.assertIsSatisfied();
        Path stream = concat("bodies.h264", out.getExchanges());
        byte[] decoded = MediaTools.decodeI420(stream);
        byte[] reference = new byte[W * H * 3 / 2 * 6];
        for (int i = 0; i < 6; i++) {
            System.arraycopy(CLIP.i420(i), 0, reference, i * W * H * 3 / 2, W * H * 3 / 2);
        }
        double psnr = io.github.camelvenc.engine.testing.Yuv.lumaPsnr(reference, decoded, W, H);
        assertTrue(psnr > 30, "strided rows read correctly, luma PSNR " + psnr);
    }

    @Test
    void channelKeysKeepSeparateChannels() throws Exception {
        MockEndpoint out = getMockEndpoint("mock:out");
        out.expectedMessageCount(20);
        for (int i = 0; i < 10; i++) {
            template.sendBodyAndHeader("direct:frames", frame(i), VencConstants.CHANNEL_KEY, "cam-a");
            template.sendBodyAndHeader("direct:frames", frame(i), VencConstants.CHANNEL_KEY, "cam-b");
        }
        out.assertIsSatisfied();
        for (String key : List.of("cam-a", "cam-b")) {
            List<Exchange> mine = out.getExchanges().stream()
                    .filter(e -> key.equals(e.getMessage().getHeader(VencConstants.CHANNEL_KEY))).toList();
            Path stream = concat(key + ".h264", mine);
            assertEquals(10, Streams.frameCount(stream), key);
            assertEquals(List.of(0), Streams.keyFrames(stream), key);
        }
        assertEquals(Set.of("cam-a", "cam-b"),
                context.getEndpoint(FRAME_URI, VencEndpoint.class).openChannels().keySet());
    }

    @Test
    void badFramesGoToDeadLetterAndTheChannelContinues() throws Exception {
        MockEndpoint out = getMockEndpoint("mock:out");
        MockEndpoint dead = getMockEndpoint(TestRoutes.DEAD);
        out.expectedMessageCount(4);
        dead.expectedMessageCount(4);
        template.sendBody("direct:frames", frame(0));
        template.sendBody("direct:frames", new byte[1000]);
        template.sendBody("direct:frames", frame(1));
        template.sendBody("direct:frames", "not a frame");
        template.sendBodyAndHeaders("direct:frames", frame(2), Map.of(VencConstants.WIDTH, 160, VencConstants.HEIGHT, 120));
        template.sendBody("direct:frames", frame(2));
        template.sendBodyAndHeader("direct:frames", frame(3), VencConstants.PTS, 0L);
        template.sendBody("direct:frames", frame(3));
        out.assertIsSatisfied();
        dead.assertIsSatisfied();
        List<String> errors = dead.getExchanges().stream()
                .map(e -> assertInstanceOf(InvalidFrameException.class, e.getProperty(Exchange.EXCEPTION_CAUGHT))
                        .getMessage()).toList();
        assertTrue(errors.get(0).contains("holds 1000 bytes"), errors.get(0));
        assertTrue(errors.get(1).contains("Unsupported body type"), errors.get(1));
        assertTrue(errors.get(2).contains("160x120"), errors.get(2));
        assertTrue(errors.get(3).contains("goes backwards"), errors.get(3));
        dead.reset();
        dead.expectedMessageCount(1);
        template.sendBody("direct:nosize", frame(0));
        dead.assertIsSatisfied();
        assertTrue(dead.getExchanges().get(0).getProperty(Exchange.EXCEPTION_CAUGHT, Exception.class).getMessage()
                .contains("needs the frame size"));
        dead.reset();
        dead.expectedMessageCount(1);
        template.sendBodyAndHeader("direct:frames", frame(4), VencConstants.WIDTH, "wide");
        dead.assertIsSatisfied();
        assertTrue(dead.getExchanges().get(0).getProperty(Exchange.EXCEPTION_CAUGHT, Exception.class).getMessage()
                .contains("Header CamelVencWidth must be a Integer"));
        Path stream = concat("after-errors.h264", out.getExchanges());
        assertEquals(4, Streams.frameCount(stream));
    }

    @Test
    void routeStopClosesChannelsAndStartReopens() throws Exception {
        MockEndpoint out = getMockEndpoint("mock:out");
        out.expectedMessageCount(10);
        VencEndpoint endpoint = context.getEndpoint(FRAME_URI, VencEndpoint.class);
        for (int i = 0; i < 5; i++) {
            template.sendBody("direct:frames", frame(i));
        }
        assertEquals(1, endpoint.openChannels().size());
        context.getRouteController().stopRoute("frames");
        assertEquals(0, endpoint.openChannels().size());
        context.getRouteController().startRoute("frames");
        for (int i = 5; i < 10; i++) {
            template.sendBody("direct:frames", frame(i));
        }
        out.assertIsSatisfied();
        assertEquals(FrameType.IDR, out.getExchanges().get(5).getMessage().getHeader(VencConstants.FRAME_TYPE),
                "a reopened channel starts with an IDR");
        assertEquals(0L, out.getExchanges().get(5).getMessage().getHeader(VencConstants.FRAME_INDEX));
        assertEquals(2, endpoint.statistics().snapshot().channelsOpened());
        Path stream = concat("restart.h264", out.getExchanges());
        assertEquals(10, Streams.frameCount(stream));
        assertEquals(List.of(0, 5), Streams.keyFrames(stream));
    }

    @Test
    void closeChannelClosesOneKeyAndItsNextFrameStartsANewSequenceWithAnIdr() throws Exception {
        MockEndpoint out = getMockEndpoint("mock:out");
        out.expectedMessageCount(14);
        VencEndpoint endpoint = context.getEndpoint(FRAME_URI, VencEndpoint.class);
        for (int i = 0; i < 10; i++) {
            int n = i;
            template.send("direct:frames", e -> {
                e.getIn().setBody(frame(n));
                e.getIn().setHeader(VencConstants.CHANNEL_KEY, n % 2 == 0 ? "moved" : "kept");
            });
        }
        assertTrue(endpoint.closeChannel("moved", "partition revoked"));
        assertFalse(endpoint.closeChannel("moved", "again"), "nothing left to close");
        assertEquals(Set.of("kept"), endpoint.openChannels().keySet());
        for (int i = 10; i < 14; i++) {
            int n = i;
            template.send("direct:frames", e -> {
                e.getIn().setBody(frame(n));
                e.getIn().setHeader(VencConstants.CHANNEL_KEY, n % 2 == 0 ? "moved" : "kept");
            });
        }
        out.assertIsSatisfied();
        List<Exchange> moved = new ArrayList<>();
        for (Exchange e : out.getExchanges()) {
            if ("moved".equals(e.getMessage().getHeader(VencConstants.CHANNEL_KEY))) {
                moved.add(e);
            }
        }
        Exchange reopened = moved.get(5);
        assertEquals(FrameType.IDR, reopened.getMessage().getHeader(VencConstants.FRAME_TYPE));
        assertEquals(0L, reopened.getMessage().getHeader(VencConstants.SEQUENCE), "a new sequence series");
        Exchange kept = out.getExchanges().get(11);
        assertEquals("kept", kept.getMessage().getHeader(VencConstants.CHANNEL_KEY));
        assertEquals(FrameType.P, kept.getMessage().getHeader(VencConstants.FRAME_TYPE), "the other key goes on");
        assertEquals(5L, kept.getMessage().getHeader(VencConstants.SEQUENCE));
        Path stream = concat("closed.h264", moved);
        assertEquals(7, Streams.frameCount(stream));
        assertEquals(List.of(0, 5), Streams.keyFrames(stream));
    }

    @Test
    void idleChannelClosesAndReopens() throws Exception {
        TestClip small = new TestClip(160, 96, 30, 12);
        MockEndpoint out = getMockEndpoint("mock:idle");
        out.expectedMessageCount(2);
        VencEndpoint endpoint = context.getEndpoint("venc:h264?mode=frame&width=160&height=96&idleTimeout=200",
                VencEndpoint.class);
        template.sendBody("direct:idle", small.semiPlanar(0, PixelFormat.NV12));
        assertEquals(1, endpoint.openChannels().size());
        long deadline = System.currentTimeMillis() + 5000;
        while (!endpoint.openChannels().isEmpty() && System.currentTimeMillis() < deadline) {
            Thread.sleep(50);
        }
        assertTrue(endpoint.openChannels().isEmpty(), "idle channel closed");
        template.sendBody("direct:idle", small.semiPlanar(1, PixelFormat.NV12));
        out.assertIsSatisfied();
        assertEquals(FrameType.IDR, out.getExchanges().get(1).getMessage().getHeader(VencConstants.FRAME_TYPE));
    }

    @Test
    void frameRateControlDropsEveryOtherFrameUntilTheFrameRateHeaderChangesIt() throws Exception {
        TestClip small = new TestClip(160, 96, 30, 13);
        MockEndpoint out = getMockEndpoint("mock:drop");
        out.expectedMessageCount(16);
        for (int i = 0; i < 10; i++) {
            template.sendBody("direct:drop", small.semiPlanar(i, PixelFormat.NV12));
        }
        for (int i = 10; i < 16; i++) {
            template.sendBodyAndHeader("direct:drop", small.semiPlanar(i, PixelFormat.NV12), VencConstants.FRAME_RATE, 15);
        }
        out.assertIsSatisfied();
        for (int i = 10; i < 16; i++) {
            assertEquals(false, out.getExchanges().get(i).getMessage().getHeader(VencConstants.DROPPED),
                    "srcFrameRate 15 = dstFrameRate 15 keeps frame " + i);
        }
        List<Exchange> kept = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            Exchange e = out.getExchanges().get(i);
            boolean dropped = e.getMessage().getHeader(VencConstants.DROPPED, Boolean.class);
            assertEquals(i % 2 == 1, dropped, "frame " + i);
            if (dropped) {
                assertEquals(0, e.getMessage().getBody(byte[].class).length);
            } else {
                kept.add(e);
            }
        }
        assertFalse(kept.isEmpty());
        assertEquals(5, Streams.frameCount(concat("half.h264", kept)));
    }
}
