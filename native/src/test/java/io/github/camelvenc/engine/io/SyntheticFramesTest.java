package io.github.camelvenc.engine.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.camelvenc.engine.BackendKind;
import io.github.camelvenc.engine.Channel;
import io.github.camelvenc.engine.ChannelConfig;
import io.github.camelvenc.engine.Codec;
import io.github.camelvenc.engine.Encoders;
import io.github.camelvenc.engine.Frame;
import io.github.camelvenc.engine.PixelFormat;
import io.github.camelvenc.engine.testing.MediaTools;
import io.github.camelvenc.engine.testing.MediaTools.Decoded;
import io.github.camelvenc.engine.testing.PacketCollector;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class SyntheticFramesTest {
    private static final int W = 160;
    private static final int H = 120;
    private static final int FRAMES = 20;
    private static final int GOP = 10;

    @TempDir
    Path dir;

    @Test
    void everyFrameIsOneNv12PictureAndDiffersFromThePreviousOne() {
        SyntheticFrames source = new SyntheticFrames(W, H);
        assertEquals(W * H * 3 / 2, source.frameSize());
        byte[] previous = source.frame(0);
        assertEquals(source.frameSize(), previous.length);
        // 300 frames: past the wrap of the luma ramp shift (every 256/3 frames) and of the box position
        for (int n = 1; n < 300; n++) {
            byte[] frame = source.frame(n);
            assertEquals(source.frameSize(), frame.length, "frame " + n);
            assertFalse(Arrays.equals(previous, frame), "frame " + n + " repeats frame " + (n - 1));
            previous = frame;
        }
        assertArrayEquals(source.frame(42), new SyntheticFrames(W, H).frame(42), "the same n gives the same picture");
    }

    @Test
    void oddOrEmptySizesAreRejected() {
        for (int[] size : new int[][] {{161, 120}, {160, 121}, {0, 120}, {160, -2}}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> new SyntheticFrames(size[0], size[1]));
            assertTrue(e.getMessage().contains(size[0] + "x" + size[1]), e.getMessage());
        }
    }

    @ParameterizedTest
    @EnumSource(Codec.class)
    void encodesOnTheSoftwareBackendAndDecodesAtItsSizeWithMotion(Codec codec) throws IOException {
        SyntheticFrames source = new SyntheticFrames(W, H);
        ChannelConfig config = ChannelConfig.builder().backend(BackendKind.SOFTWARE).codec(codec).width(W).height(H)
                .gop(GOP).build();
        PacketCollector sink = new PacketCollector();
        try (Channel channel = Encoders.open(config, sink)) {
            for (int n = 0; n < FRAMES; n++) {
                channel.send(Frame.of(source.frame(n), W, H, PixelFormat.NV12, n));
            }
            channel.flush();
        }
        assertEquals(0, sink.errors().size(), () -> "encoder errors: " + sink.errors());
        Path stream = sink.write(dir.resolve("synthetic." + codec.id()));

        Decoded video = MediaTools.decodeStrictly(stream);
        assertEquals(FRAMES, video.frames().size());
        assertEquals(W, video.width());
        assertEquals(H, video.height());
        assertEquals(IntStream.range(0, FRAMES).mapToObj(n -> n % GOP == 0 ? "I" : "P").toList(), video.pictTypes());

        byte[] decoded = MediaTools.decodeI420(stream);
        int i420 = W * H * 3 / 2;
        assertEquals(FRAMES * i420, decoded.length);
        assertFalse(Arrays.equals(decoded, 0, W * H, decoded, i420, i420 + W * H),
                "the decoded pictures move from frame to frame");
    }
}
