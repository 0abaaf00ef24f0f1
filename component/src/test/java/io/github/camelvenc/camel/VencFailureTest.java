package io.github.camelvenc.camel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.camelvenc.engine.PixelFormat;
import io.github.camelvenc.engine.VencException;
import io.github.camelvenc.engine.testing.TestClip;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.camel.Exchange;
import org.apache.camel.RoutesBuilder;
import org.apache.camel.component.mock.MockEndpoint;
import org.apache.camel.test.junit5.CamelTestSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An {@link Error} inside the backend (see {@link BrokenBackend}) fails the exchange with that cause in
 * clip and frame mode, and the file route behind the encoder writes nothing: the input is never passed
 * on as if it were the video.
 */
class VencFailureTest extends CamelTestSupport {
    private static final int W = 160;
    private static final int H = 96;
    private static final String FRAME_URI = "venc:h264?mode=frame&backend=ascend&width=" + W + "&height=" + H
            + "&deviceId=";

    @TempDir
    static Path dir;

    @Override
    protected RoutesBuilder createRouteBuilder() {
        return TestRoutes.withDeadLetters(r -> {
            r.from("file:" + dir.resolve("inbox") + "?include=.*\\.y4m")
                    .to("venc:h264?backend=ascend&deviceId=" + BrokenBackend.SEND_FAILS)
                    .to("file:" + dir.resolve("outbox") + "?fileName=${file:name.noext}.h264");
            r.from("direct:frame-send-fails")
                    .to(FRAME_URI + BrokenBackend.SEND_FAILS)
                    .to("file:" + dir.resolve("frames") + "?fileName=${exchangeId}.h264");
            r.from("direct:frame-open-fails")
                    .to(FRAME_URI + BrokenBackend.OPEN_FAILS)
                    .to("file:" + dir.resolve("frames") + "?fileName=${exchangeId}.h264");
        });
    }

    @Test
    void errorInClipModeFailsTheFileAndWritesNoOutput() throws Exception {
        MockEndpoint dead = getMockEndpoint(TestRoutes.DEAD);
        dead.expectedMessageCount(1);
        dead.setResultWaitTime(30_000);
        Path inbox = Files.createDirectories(dir.resolve("inbox"));
        new TestClip(W, H, 25, 1).writeY4m(dir.resolve("clip.tmp"), 3);
        Files.move(dir.resolve("clip.tmp"), inbox.resolve("clip.y4m"));
        dead.assertIsSatisfied();
        assertCause(dead.getExchanges().get(0), NoSuchMethodError.class);
        context.getRouteController().stopAllRoutes();
        assertFalse(Files.exists(dir.resolve("outbox")), "the clip route wrote output for a failed encode");
    }

    @Test
    void errorInFrameModeFailsTheFrameAndWritesNoOutput() throws Exception {
        byte[] frame = new TestClip(W, H, 25, 2).semiPlanar(0, PixelFormat.NV12);
        MockEndpoint dead = getMockEndpoint(TestRoutes.DEAD);
        dead.expectedMessageCount(2);
        dead.setResultWaitTime(30_000);
        template.sendBody("direct:frame-send-fails", frame);
        template.sendBody("direct:frame-open-fails", frame);
        dead.assertIsSatisfied();
        assertCause(dead.getExchanges().get(0), NoSuchMethodError.class);
        assertCause(dead.getExchanges().get(1), UnsatisfiedLinkError.class);
        assertFalse(Files.exists(dir.resolve("frames")), "the frame route wrote output for a failed encode");
        VencEndpoint endpoint = context.getEndpoint(FRAME_URI + BrokenBackend.SEND_FAILS, VencEndpoint.class);
        assertEquals(1, endpoint.statistics().snapshot().failures());
    }

    private static void assertCause(Exchange failed, Class<? extends Error> type) {
        Throwable caught = failed.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        VencException wrapper = assertInstanceOf(VencException.class, caught);
        assertInstanceOf(type, wrapper.getCause());
        assertTrue(wrapper.getMessage().contains(type.getName()), wrapper.getMessage());
    }
}
