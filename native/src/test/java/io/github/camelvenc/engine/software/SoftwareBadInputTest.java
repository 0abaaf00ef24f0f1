package io.github.camelvenc.engine.software;

import static io.github.camelvenc.engine.software.Encoding.H;
import static io.github.camelvenc.engine.software.Encoding.W;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.camelvenc.engine.Channel;
import io.github.camelvenc.engine.ChannelClosedException;
import io.github.camelvenc.engine.ChannelConfig;
import io.github.camelvenc.engine.Codec;
import io.github.camelvenc.engine.Encoders;
import io.github.camelvenc.engine.Frame;
import io.github.camelvenc.engine.GopMode;
import io.github.camelvenc.engine.InvalidConfigException;
import io.github.camelvenc.engine.InvalidFrameException;
import io.github.camelvenc.engine.PixelFormat;
import io.github.camelvenc.engine.UnsupportedOptionException;
import io.github.camelvenc.engine.testing.MediaTools;
import io.github.camelvenc.engine.testing.PacketCollector;
import io.github.camelvenc.engine.testing.TestClip;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.Collections;
import java.util.List;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Bad input on a real software channel: each is a clear exception, nothing reaches the encoder,
 * and the channel goes on encoding; the final stream decodes with exactly the good frames.
 */
class SoftwareBadInputTest {
    private static final TestClip CLIP = Encoding.clip();

    @TempDir
    Path dir;

    @ParameterizedTest
    @EnumSource(Codec.class)
    void badFramesAreRejectedAndTheChannelStaysUsable(Codec codec) throws IOException {
        PacketCollector sink = new PacketCollector();
        byte[] good = CLIP.semiPlanar(0, PixelFormat.NV12);
        try (Channel channel = Encoders.open(Encoding.config(codec).gop(4).build(), sink)) {
            channel.send(Frame.of(good, W, H, PixelFormat.NV12, 0));

            InvalidFrameException size = assertThrows(InvalidFrameException.class,
                    () -> channel.send(Frame.of(new byte[352 * 288 * 3 / 2], 352, 288, PixelFormat.NV12, 1)));
            assertTrue(size.getMessage().contains("352x288") && size.getMessage().contains(W + "x" + H),
                    size.getMessage());

            InvalidFrameException odd = assertThrows(InvalidFrameException.class,
                    () -> channel.send(Frame.of(new byte[321 * H * 2], 321, H, PixelFormat.NV12, 1)));
            assertTrue(odd.getMessage().contains("even"), odd.getMessage());

            InvalidFrameException stride = assertThrows(InvalidFrameException.class,
                    () -> channel.send(Frame.of(ByteBuffer.wrap(good), W, H, W - 2, PixelFormat.NV12, 1)));
            assertTrue(stride.getMessage().contains("stride"), stride.getMessage());

            InvalidFrameException shortBuffer = assertThrows(InvalidFrameException.class,
                    () -> channel.send(Frame.of(ByteBuffer.wrap(good, 0, good.length - 1), W, H, W, PixelFormat.NV12,
                            1)));
            assertTrue(shortBuffer.getMessage().contains("needs"), shortBuffer.getMessage());

            InvalidFrameException format = assertThrows(InvalidFrameException.class,
                    () -> channel.send(Frame.of(good, W, H, PixelFormat.NV21, 1)));
            assertTrue(format.getMessage().contains("NV21"), format.getMessage());

            channel.send(CLIP.frame(1, PixelFormat.NV12));
            channel.send(Frame.of(CLIP.semiPlanar(2, PixelFormat.NV12), W, H, PixelFormat.NV12, 10));
            InvalidFrameException backwards = assertThrows(InvalidFrameException.class,
                    () -> channel.send(Frame.of(good, W, H, PixelFormat.NV12, 9)));
            assertTrue(backwards.getMessage().contains("backwards"), backwards.getMessage());
            channel.send(Frame.of(CLIP.semiPlanar(3, PixelFormat.NV12), W, H, PixelFormat.NV12, 10));
            channel.send(Frame.of(CLIP.semiPlanar(4, PixelFormat.NV12), W, H, PixelFormat.NV12, 11));

            InvalidConfigException notRuntime = assertThrows(InvalidConfigException.class,
                    () -> channel.reconfigure(channel.config().toBuilder().sceneMode(1).build()));
            assertEquals("reconfigure", notRuntime.option());
            assertThrows(InvalidConfigException.class,
                    () -> channel.reconfigure(channel.config().toBuilder().bitRate(0).build()));
            channel.send(Frame.of(CLIP.semiPlanar(5, PixelFormat.NV12), W, H, PixelFormat.NV12, 12));
            assertEquals(6, channel.stats().framesIn());
            assertEquals(0, channel.stats().errors());
        }
        assertEquals(List.of(0L, 1L, 2L, 3L, 4L, 5L), sink.encoded().stream().map(p -> p.frameIndex()).toList());
        assertEquals(List.of(0L, 1L, 10L, 10L, 11L, 12L), sink.encoded().stream().map(p -> p.pts()).toList());
        Path stream = Encoding.write(sink, dir, "bad", codec);
        assertEquals(6, MediaTools.frames(stream).size());
        assertEquals(List.of(0, 4), MediaTools.keyFrameIndexes(stream));
    }

    @ParameterizedTest
    @EnumSource(Codec.class)
    void everyCallAfterCloseThrowsIncludingASecondClose(Codec codec) {
        PacketCollector sink = new PacketCollector();
        Channel channel = Encoders.open(Encoding.config(codec).build(), sink);
        channel.send(CLIP.frame(0, PixelFormat.NV12));
        channel.close();
        assertEquals(1, sink.encoded().size(), "close flushes");
        Frame frame = CLIP.frame(1, PixelFormat.NV12);
        ChannelClosedException send = assertThrows(ChannelClosedException.class, () -> channel.send(frame));
        assertTrue(send.getMessage().contains("send") && send.getMessage().contains("closed"), send.getMessage());
        assertThrows(ChannelClosedException.class, channel::close);
        assertThrows(ChannelClosedException.class, channel::requestIdr);
        assertThrows(ChannelClosedException.class, channel::flush);
        assertThrows(ChannelClosedException.class, () -> channel.reconfigure(channel.config()));
        assertEquals(1, channel.stats().framesIn());
    }

    @Test
    void outOfRangeOptionsNameTheOptionBeforeAnyNativeCall() {
        InvalidConfigException e = assertThrows(InvalidConfigException.class,
                () -> Encoding.config(Codec.H264).bitRate(0).build());
        assertEquals("bitRate", e.option());
        assertTrue(e.getMessage().contains("[2, 614400]"), e.getMessage());
        assertEquals("width", assertThrows(InvalidConfigException.class,
                () -> Encoding.config(Codec.H264).width(321).build()).option());
        assertEquals("swPreset", assertThrows(InvalidConfigException.class,
                () -> Encoding.config(Codec.H265).swPreset("warp").build()).option());
    }

    static Stream<Arguments> unsupported() {
        List<Integer> ones = Collections.nCopies(ChannelConfig.THRESHOLD_COUNT, 1);
        return Stream.of(
                Arguments.of("gopMode", (UnaryOperator<ChannelConfig.Builder>) b -> b.gopMode(GopMode.DUAL_P)),
                Arguments.of("gopMode", (UnaryOperator<ChannelConfig.Builder>) b -> b.gopMode(GopMode.SMART_P)),
                Arguments.of("minIQp", (UnaryOperator<ChannelConfig.Builder>) b -> b.minIQp(20)),
                Arguments.of("maxIQp", (UnaryOperator<ChannelConfig.Builder>) b -> b.maxIQp(40)),
                Arguments.of("thresholdI", (UnaryOperator<ChannelConfig.Builder>) b -> b.thresholdI(ones)),
                Arguments.of("thresholdP", (UnaryOperator<ChannelConfig.Builder>) b -> b.thresholdP(ones)),
                Arguments.of("thresholdB", (UnaryOperator<ChannelConfig.Builder>) b -> b.thresholdB(ones)),
                Arguments.of("direction", (UnaryOperator<ChannelConfig.Builder>) b -> b.direction(3)),
                Arguments.of("maxIProportion", (UnaryOperator<ChannelConfig.Builder>) b -> b.maxIProportion(20)),
                Arguments.of("minIProportion", (UnaryOperator<ChannelConfig.Builder>) b -> b.minIProportion(2)));
    }

    @ParameterizedTest
    @MethodSource("unsupported")
    void optionsTheEncodersCannotHonourFailAtOpenNamingOptionAndBackend(String option,
            UnaryOperator<ChannelConfig.Builder> set) {
        for (Codec codec : Codec.values()) {
            ChannelConfig config = set.apply(Encoding.config(codec)).build();
            UnsupportedOptionException e = assertThrows(UnsupportedOptionException.class,
                    () -> Encoders.open(config, new PacketCollector()));
            assertEquals(option, e.option());
            assertEquals(codec == Codec.H264 ? "software/x264" : "software/x265", e.backend());
            assertTrue(e.getMessage().contains(option) && e.getMessage().contains(e.backend()), e.getMessage());
        }
    }
}
