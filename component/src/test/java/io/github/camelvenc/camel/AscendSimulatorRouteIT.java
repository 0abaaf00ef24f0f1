package io.github.camelvenc.camel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.jna.Library;
import com.sun.jna.Native;
import io.github.camelvenc.engine.FrameType;
import io.github.camelvenc.engine.PixelFormat;
import io.github.camelvenc.engine.testing.TestClip;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.CRC32;
import org.apache.camel.AsyncProducer;
import org.apache.camel.Exchange;
import org.apache.camel.support.DefaultExchange;
import org.apache.camel.test.junit5.CamelTestSupport;
import org.junit.jupiter.api.Test;

/**
 * The Ascend backend path of the component, on the HiMPI/ACL simulator that the native module builds
 * (its own surefire execution points {@code venc.acl.library}/{@code venc.himpi.library} at it, so no
 * other test class sees an Ascend device). Packets come from the backend's receive thread, so frame
 * exchanges really complete asynchronously. The simulator writes into each slice a record of the
 * frame it received (pts, CRC-32 of the visible luma), which proves every exchange got its own
 * frame's access unit.
 */
class AscendSimulatorRouteIT extends CamelTestSupport {
    private static final int W = 256;
    private static final int H = 144;
    private static final Pattern RECORD = Pattern.compile("HSIM chn=\\d+ seq=\\d+ pts=(\\d+) .*? idr=(\\d) .*? y=([0-9a-f]{8}) ");

    /** The one simulator control this test needs: a per-frame encoder delay, so frames queue up. */
    interface SimControl extends Library {
        void sim_set_encode_delay_us(int us);
    }

    private static long lumaCrc(byte[] nv12) {
        CRC32 crc = new CRC32();
        crc.update(nv12, 0, W * H);
        return crc.getValue();
    }

    @Test
    void frameModeCompletesInOrderFromTheReceiveThread() throws Exception {
        Native.load(System.getProperty("venc.acl.library"), SimControl.class).sim_set_encode_delay_us(3000);
        TestClip clip = new TestClip(W, H, 30, 31);
        VencEndpoint endpoint = context.getEndpoint(
                "venc:h264?mode=frame&backend=ascend&width=" + W + "&height=" + H + "&gop=10", VencEndpoint.class);
        AsyncProducer producer = endpoint.createAsyncProducer();
        producer.start();
        int n = 25;
        List<Exchange> exchanges = new ArrayList<>();
        List<Long> order = Collections.synchronizedList(new ArrayList<>());
        AtomicInteger maxInFlight = new AtomicInteger();
        CountDownLatch done = new CountDownLatch(n);
        for (int i = 0; i < n; i++) {
            Exchange e = new DefaultExchange(context);
            e.getIn().setBody(clip.semiPlanar(i, PixelFormat.NV12));
            e.getIn().setHeader(VencConstants.PTS, 100L + i);
            exchanges.add(e);
            producer.process(e, sync -> {
                order.add(e.getMessage().getHeader(VencConstants.PTS, Long.class));
                done.countDown();
            });
            maxInFlight.accumulateAndGet(i + 1 - order.size(), Math::max);
        }
        assertTrue(done.await(30, TimeUnit.SECONDS));
        producer.stop();
        assertTrue(maxInFlight.get() > 1, "frames in flight on the hardware queue: " + maxInFlight.get());
        List<Long> expected = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            expected.add(100L + i);
            Exchange e = exchanges.get(i);
            assertNull(e.getException());
            String text = new String(e.getMessage().getBody(byte[].class), StandardCharsets.ISO_8859_1);
            Matcher m = RECORD.matcher(text);
            assertTrue(m.find(), text);
            assertEquals(100L + i, Long.parseLong(m.group(1)), "pts the encoder received");
            assertEquals(lumaCrc(clip.semiPlanar(i, PixelFormat.NV12)), Long.parseLong(m.group(3), 16),
                    "frame " + i + " carries its own picture");
            assertEquals(i % 10 == 0 ? "1" : "0", m.group(2));
            assertEquals(i % 10 == 0 ? FrameType.IDR : FrameType.P, e.getMessage().getHeader(VencConstants.FRAME_TYPE));
            assertTrue(e.getMessage().getHeader(VencConstants.BACKEND, String.class).startsWith("ascend"));
        }
        assertEquals(expected, order, "completion order is frame order");
        assertEquals(List.of(7, 8, 5), exchanges.get(0).getMessage().getHeader(VencConstants.NAL_TYPES));
    }

    @Test
    void clipModeOnTheAscendBackend() throws Exception {
        Native.load(System.getProperty("venc.acl.library"), SimControl.class).sim_set_encode_delay_us(0);
        TestClip clip = new TestClip(W, H, 30, 32);
        byte[] raw = new byte[W * H * 3 / 2 * 12];
        for (int i = 0; i < 12; i++) {
            System.arraycopy(clip.semiPlanar(i, PixelFormat.NV12), 0, raw, i * W * H * 3 / 2, W * H * 3 / 2);
        }
        Exchange result = template.send("venc:h265?backend=ascend&width=" + W + "&height=" + H + "&gop=5",
                e -> e.getIn().setBody(raw));
        assertNull(result.getException());
        assertEquals(12L, result.getMessage().getHeader(VencConstants.ENCODED_COUNT));
        assertEquals(List.of(0L, 5L, 10L), result.getMessage().getHeader(VencConstants.IDR_INDEXES));
        String text = new String(result.getMessage().getBody(byte[].class), StandardCharsets.ISO_8859_1);
        Matcher m = RECORD.matcher(text);
        int records = 0;
        while (m.find()) {
            assertEquals(lumaCrc(clip.semiPlanar(records, PixelFormat.NV12)), Long.parseLong(m.group(3), 16));
            records++;
        }
        assertEquals(12, records);
    }
}
