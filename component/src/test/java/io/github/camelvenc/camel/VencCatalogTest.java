package io.github.camelvenc.camel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.camelvenc.engine.BackendKind;
import io.github.camelvenc.engine.BitRateRecommender.Recommendation;
import io.github.camelvenc.engine.BitRateRecommender.Scenario;
import io.github.camelvenc.engine.BitRateRecommender.Status;
import io.github.camelvenc.engine.ChannelConfig;
import io.github.camelvenc.engine.InvalidConfigException;
import io.github.camelvenc.engine.Profile;
import io.github.camelvenc.engine.RcMode;
import io.github.camelvenc.engine.Tuning;
import java.io.InputStream;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.apache.camel.CamelContext;
import org.apache.camel.ResolveEndpointFailedException;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.util.json.JsonObject;
import org.apache.camel.util.json.Jsoner;
import org.junit.jupiter.api.Test;

/** The generated catalog knows every engine option, and URIs and component defaults configure endpoints. */
class VencCatalogTest {

    @Test
    void catalogListsEveryEngineOptionWithDescriptionAtEndpointAndComponent() throws Exception {
        JsonObject json;
        try (InputStream in = getClass().getResourceAsStream("/META-INF/io/github/camelvenc/camel/venc.json")) {
            json = (JsonObject) Jsoner.deserialize(new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8));
        }
        Map<String, Object> endpoint = json.getMap("properties");
        Map<String, Object> component = json.getMap("componentProperties");
        Set<String> engine = new TreeSet<>();
        for (Method m : ChannelConfig.Builder.class.getDeclaredMethods()) {
            if (Modifier.isPublic(m.getModifiers()) && m.getReturnType() == ChannelConfig.Builder.class) {
                engine.add(m.getName());
            }
        }
        engine.remove("codec");
        assertTrue(endpoint.containsKey("codec"));
        for (String option : engine) {
            assertTrue(endpoint.containsKey(option), "endpoint option " + option);
            assertTrue(component.containsKey(option), "component option " + option);
            Map<?, ?> o = (Map<?, ?>) endpoint.get(option);
            assertFalse(((String) o.get("description")).isBlank(), option);
        }
        for (String extra : new String[] {"mode", "channelPoolSize", "idleTimeout"}) {
            assertTrue(endpoint.containsKey(extra), extra);
        }
        Map<String, Object> headers = json.getMap("headers");
        for (String h : new String[] {"CamelVencPts", "CamelVencFrameType", "CamelVencKeyFrame", "CamelVencNalTypes",
                "CamelVencSequence", "CamelVencFrameIndex", "CamelVencDropped", "CamelVencFrameCount", "CamelVencBackend",
                "CamelVencWidth", "CamelVencHeight", "CamelVencPixelFormat", "CamelVencStride", "CamelVencFrameRate",
                "CamelVencForceIdr", "CamelVencBitRate", "CamelVencChannelKey"}) {
            assertTrue(headers.containsKey(h), h);
        }
        assertEquals(Arrays.asList("h264", "h265"), ((Map<?, ?>) endpoint.get("codec")).get("enum"));
    }

    @Test
    void everyOptionIsInOneOfTheToolGroups() throws Exception {
        Map<String, Object> endpoint = catalog().getMap("properties");
        Set<String> groups = Set.of("producer", "ratecontrol", "gop", "qp", "framerate", "software", "ascend", "channel",
                "output");
        endpoint.forEach((name, o) -> {
            if (VencConfiguration.class.getName().equals(((Map<?, ?>) o).get("configurationClass"))) {
                Object group = ((Map<?, ?>) o).get("group");
                assertTrue(groups.contains(group), name + " is in group " + group);
            }
        });
        assertEquals("ratecontrol", ((Map<?, ?>) endpoint.get("bitRate")).get("group"));
        assertEquals("software", ((Map<?, ?>) endpoint.get("swPreset")).get("group"));
        assertEquals("ascend", ((Map<?, ?>) endpoint.get("deviceId")).get("group"));
        assertEquals("duration", ((Map<?, ?>) endpoint.get("idleTimeout")).get("type"));
        assertEquals("duration", ((Map<?, ?>) endpoint.get("flushTimeout")).get("type"));
        assertEquals(Arrays.asList("auto", "software", "ascend"), ((Map<?, ?>) endpoint.get("backend")).get("enum"));
    }

    @Test
    void enumValuesInEitherCaseAndTimeoutsAsDurations() throws Exception {
        try (CamelContext context = new DefaultCamelContext()) {
            context.start();
            VencConfiguration lower = context.getEndpoint(
                    "venc:h264?backend=software&profile=main&rcMode=vbr&mode=frame&idleTimeout=2s&flushTimeout=250ms",
                    VencEndpoint.class).getConfiguration();
            VencConfiguration upper = context.getEndpoint("venc:h264?backend=SOFTWARE&profile=MAIN&rcMode=VBR&mode=FRAME",
                    VencEndpoint.class).getConfiguration();
            for (VencConfiguration c : List.of(lower, upper)) {
                assertEquals(BackendKind.SOFTWARE, c.getBackend());
                assertEquals(Profile.MAIN, c.getProfile());
                assertEquals(RcMode.VBR, c.getRcMode());
                assertEquals(VencMode.FRAME, c.getMode());
            }
            assertEquals(2000, lower.getIdleTimeout());
            assertEquals(250, lower.getFlushTimeout());
            assertEquals(60000, upper.getIdleTimeout(), "a number is milliseconds");
        }
    }

    private static JsonObject catalog() throws Exception {
        try (InputStream in = VencCatalogTest.class.getResourceAsStream("/META-INF/io/github/camelvenc/camel/venc.json")) {
            return (JsonObject) Jsoner.deserialize(new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8));
        }
    }

    @Test
    void uriOverridesComponentDefaultsAndInvalidValuesNameTheOption() throws Exception {
        try (CamelContext context = new DefaultCamelContext()) {
            VencComponent venc = new VencComponent();
            venc.getConfiguration().setGop(120);
            venc.getConfiguration().setBitRate(500);
            context.addComponent("venc", venc);
            context.start();
            VencEndpoint e = context.getEndpoint("venc:h265?rcMode=vbr&bitRate=3000&gopMode=normal-p&mode=frame",
                    VencEndpoint.class);
            ChannelConfig c = e.getConfiguration().toChannelBuilder(e.getCodec(), true).width(64).height(64).build();
            assertEquals(RcMode.VBR, c.rcMode());
            assertEquals(3000, c.bitRate());
            assertEquals(120, c.gop(), "component default");
            assertEquals(VencMode.FRAME, e.getConfiguration().getMode());
            assertEquals(500, venc.getConfiguration().getBitRate(), "the component's defaults stay untouched");
            ResolveEndpointFailedException invalid = assertThrows(ResolveEndpointFailedException.class,
                    () -> context.getEndpoint("venc:h264?gop=0"), "the endpoint's start checks the options");
            InvalidConfigException bad = assertInstanceOf(InvalidConfigException.class, invalid.getCause());
            assertEquals("gop", bad.option());
            ResolveEndpointFailedException codec = assertThrows(ResolveEndpointFailedException.class,
                    () -> context.getEndpoint("venc:mpeg2"));
            assertTrue(codec.getMessage().contains("codec"), codec.getMessage());
            assertThrows(ResolveEndpointFailedException.class, () -> context.getEndpoint("venc:h264?noSuchOption=1"));
        }
    }

    @Test
    void endpointExposesTheGuidesRecommendationAndAppliesScenarioAndTuning() throws Exception {
        try (CamelContext context = new DefaultCamelContext()) {
            context.addComponent("venc", new VencComponent());
            context.start();
            VencEndpoint e = context.getEndpoint("venc:h265?width=1920&height=1080&scenario=game"
                    + "&tuning=low-bit-rate-first-frame&minQp=30&maxQp=40", VencEndpoint.class);
            Recommendation rec = e.recommendation().orElseThrow();
            assertEquals(Status.RANGE, rec.status());
            assertEquals(3000, rec.minKbps());
            assertEquals(6000, rec.maxKbps());
            assertEquals("3000-6000 kbit/s", e.getRecommendedBitRate());
            ChannelConfig c = e.getConfiguration().toChannelBuilder(e.getCodec(), true).build();
            assertEquals(Scenario.GAME, c.scenario());
            assertEquals(Tuning.LOW_BIT_RATE_FIRST_FRAME, c.tuning());
            assertEquals(35, c.firstFrameStartQp());
            assertEquals(0, c.maxReencodeTimes());
            VencEndpoint na = context.getEndpoint("venc:h264?width=3840&height=2160&scenario=show-livestreaming-short-video",
                    VencEndpoint.class);
            assertEquals("N/A", na.getRecommendedBitRate());
            assertFalse(context.getEndpoint("venc:h264", VencEndpoint.class).recommendation().isPresent());
        }
    }
}
