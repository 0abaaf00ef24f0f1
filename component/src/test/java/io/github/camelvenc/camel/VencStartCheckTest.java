package io.github.camelvenc.camel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.camelvenc.engine.UnsupportedOptionException;
import java.util.ArrayList;
import java.util.List;
import org.apache.camel.CamelContext;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Options that cannot open a channel stop the Camel context from starting, with the engine's message;
 * options whose per-message values are unknown at start (the picture size) still start.
 */
class VencStartCheckTest {

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "venc:h265?bitRate=0 | Invalid value for option 'bitRate': 0 (allowed: [2, 614400])",
        "venc:h264?swPreset=turbo | Invalid value for option 'swPreset': turbo (allowed: ultrafast, superfast,",
        "venc:h264?thresholdP=1,2 | Invalid value for option 'thresholdP': [1, 2] (allowed: 16 values, each [0, 255])",
        "venc:h264?mode=frame&dstFrameRate=241 | Invalid value for option 'dstFrameRate': 241 (allowed: [1, 240])",
        "venc:h264?maxWidth=320&width=640 | Invalid value for option 'maxWidth': 320 (allowed: [width=640, 8192], even)",
        "venc:h264?backend=ascend | The ascend backend is unusable: The Ascend backend cannot load libascendcl.so",
        "venc:h264?gopMode=DUAL_P&spInterval=5 | Option 'gopMode'=DUAL_P is unsupported on the software/x264 backend",
        "venc:h265?mode=frame&minIQp=20 | Option 'minIQp'=20 is unsupported on the software/x265 backend",
    })
    void invalidOptionsStopTheContextFromStarting(String uri, String message) throws Exception {
        try (CamelContext context = contextWith(uri)) {
            Exception e = assertThrows(Exception.class, context::start);
            String messages = messages(e);
            assertTrue(messages.contains(message), messages);
            assertFalse(context.isStarted());
        }
    }

    @Test
    void unsupportedOptionNamesOptionAndBackend() throws Exception {
        try (CamelContext context = contextWith("venc:h264?width=160&height=96&gopMode=DUAL_P&spInterval=5")) {
            Exception e = assertThrows(Exception.class, context::start);
            UnsupportedOptionException u = cause(e, UnsupportedOptionException.class);
            assertEquals("gopMode", u.option());
            assertEquals("software/x264", u.backend());
        }
    }

    @Test
    void sizeAndFrameRateThatComeWithEachMessageDoNotStopTheStart() throws Exception {
        try (CamelContext context = contextWith("venc:h264?dstFrameRate=50&maxWidth=320&maxHeight=240")) {
            context.start();
            assertTrue(context.isStarted());
        }
    }

    private static CamelContext contextWith(String uri) {
        CamelContext context = new DefaultCamelContext();
        try {
            context.addRoutes(TestRoutes.of(r -> r.from("direct:in").to(uri)));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        return context;
    }

    private static String messages(Throwable e) {
        List<String> all = new ArrayList<>();
        for (Throwable t = e; t != null; t = t.getCause()) {
            all.add(t.getMessage());
        }
        return String.join(" <- ", all);
    }

    private static <T extends Throwable> T cause(Throwable e, Class<T> type) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (type.isInstance(t)) {
                return type.cast(t);
            }
        }
        throw new AssertionError("no " + type.getSimpleName() + " in " + messages(e));
    }
}
