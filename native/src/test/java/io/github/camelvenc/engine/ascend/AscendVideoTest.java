package io.github.camelvenc.engine.ascend;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.IntStream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

import io.github.camelvenc.engine.BackendKind;
import io.github.camelvenc.engine.Channel;
import io.github.camelvenc.engine.ChannelConfig;
import io.github.camelvenc.engine.Codec;
import io.github.camelvenc.engine.Encoders;
import io.github.camelvenc.engine.FrameType;
import io.github.camelvenc.engine.Packet;
import io.github.camelvenc.engine.PixelFormat;
import io.github.camelvenc.engine.testing.MediaTools;
import io.github.camelvenc.engine.testing.PacketCollector;
import io.github.camelvenc.engine.testing.TestClip;
import io.github.camelvenc.engine.testing.Yuv;

/**
 * The software backend's quality checks through {@code backend=ascend} on the simulator in real-video
 * mode (libx264/libx265 behind the HiMPI facade, board-shaped packs): decoded with ffmpeg/ffprobe and,
 * for H.265, dec265.
 */
class AscendVideoTest {
    private static final int W = 320;
    private static final int H = 240;
    private static final TestClip CLIP = new TestClip(W, H, 30, 42);

    @TempDir
    Path dir;

    @BeforeEach
    void realVideo() {
        Sim.reset(0);
        Sim.SIM.sim_set_video(1);
    }

    @AfterEach
    void nothingLeft() {
        Sim.SIM.sim_set_video(0);
        Sim.assertNothingLeft();
    }

    private static ChannelConfig.Builder config(Codec codec) {
        return ChannelConfig.builder().backend(BackendKind.ASCEND).codec(codec).width(W).height(H);
    }

    private static PacketCollector encode(ChannelConfig config, int frames) {
        PacketCollector sink = new PacketCollector();
        try (Channel channel = Encoders.open(config, sink)) {
            for (int n = 0; n < frames; n++) {
                channel.send(CLIP.frame(n, config.pixelFormat()));
            }
            channel.flush();
        }
        assertTrue(sink.errors().isEmpty(), sink.errors().toString());
        return sink;
    }

    private Path write(PacketCollector sink, String name, Codec codec) throws IOException {
        return sink.write(dir.resolve(name + (codec == Codec.H264 ? ".h264" : ".h265")));
    }

    /**
     * Frame count, size, IDR positions in both stream-buffer modes (one pack per frame, split when the
     * 115 KB ring wraps; or one pack per NAL unit when the module keeps one_stream_buf 0).
     */
    @ParameterizedTest
    @CsvSource({"H264,true", "H265,true", "H265,false"})
    void frameCountSizeAndIdrPositions(Codec codec, boolean oneStream) throws IOException {
        if (!oneStream) {
            Sim.SIM.sim_inject("hi_mpi_venc_set_mod_param", HiMpiErrors.HI_ERR_VENC_NOT_PERM, 0, 1);
        }
        int gop = 10;
        int frames = 42;
        PacketCollector sink = encode(config(codec).gop(gop).bitRate(600).build(), frames);
        Path stream = write(sink, "gop", codec);
        MediaTools.Decoded decoded = MediaTools.decodeStrictly(stream);
        assertEquals(W, decoded.width());
        assertEquals(H, decoded.height());
        assertEquals(frames, decoded.frames().size(), "decoded frame count");
        List<Integer> idrs = IntStream.range(0, frames).filter(i -> i % gop == 0).boxed().toList();
        assertEquals(idrs, MediaTools.keyFrameIndexes(stream), "key frames seen by ffprobe");
        assertEquals(idrs, sink.idrPositions(), "IDR packets reported by the channel");
        List<Packet> packets = sink.encoded();
        for (int i = 0; i < frames; i++) {
            assertEquals(i % gop == 0 ? FrameType.IDR : FrameType.P, packets.get(i).frameType(), "frame " + i);
        }
        if (oneStream) {
            assertTrue(Sim.counter("ring_wraps") > 0, "the stream ring buffer wrapped");
        }
    }

    @ParameterizedTest
    @EnumSource(Codec.class)
    void qualityDecodesWithFfmpegAndDec265(Codec codec) throws IOException {
        int frames = 30;
        Path stream = write(encode(config(codec).bitRate(800).gop(30).build(), frames), "psnr", codec);
        byte[] reference = new byte[CLIP.frameSize() * frames];
        for (int n = 0; n < frames; n++) {
            System.arraycopy(CLIP.i420(n), 0, reference, n * CLIP.frameSize(), CLIP.frameSize());
        }
        double psnr = Yuv.lumaPsnr(reference, MediaTools.decodeI420(stream), W, H);
        assertTrue(psnr > 30, "ffmpeg-decoded luma PSNR " + psnr + " dB");
        if (codec == Codec.H265) {
            byte[] dec265 = MediaTools.decodeI420WithDec265(stream);
            assertEquals(reference.length, dec265.length, "dec265 frame count x frame size");
            assertTrue(Yuv.lumaPsnr(reference, dec265, W, H) > 30, "dec265-decoded luma PSNR");
        }
    }

    @ParameterizedTest
    @EnumSource(Codec.class)
    void nv12AndNv21GiveTheSamePicture(Codec codec) throws IOException {
        int frames = 10;
        byte[] nv12 = MediaTools.decodeI420(write(encode(config(codec).pixelFormat(PixelFormat.NV12).build(), frames),
                "nv12", codec));
        byte[] nv21 = MediaTools.decodeI420(write(encode(config(codec).pixelFormat(PixelFormat.NV21).build(), frames),
                "nv21", codec));
        assertEquals(frames * CLIP.frameSize(), nv12.length);
        assertArrayEquals(nv12, nv21, "NV12 and NV21 input must give the same decoded pictures");
    }

    @ParameterizedTest
    @EnumSource(Codec.class)
    void requestedIdrRestartsTheGop(Codec codec) throws IOException {
        PacketCollector sink = new PacketCollector();
        try (Channel channel = Encoders.open(config(codec).gop(20).build(), sink)) {
            for (int n = 0; n < 50; n++) {
                if (n == 7) {
                    channel.requestIdr();
                }
                channel.send(CLIP.frame(n, PixelFormat.NV12));
            }
        }
        assertEquals(List.of(0, 7, 27, 47), sink.idrPositions());
        assertEquals(List.of(0, 7, 27, 47), MediaTools.keyFrameIndexes(write(sink, "idr", codec)));
    }

    @ParameterizedTest
    @EnumSource(Codec.class)
    void bitRateChangeAltersTheFollowingSecondsRate(Codec codec) {
        int fps = 30;
        PacketCollector sink = new PacketCollector();
        try (Channel channel = Encoders.open(config(codec).bitRate(150).gop(30).build(), sink)) {
            for (int n = 0; n < 4 * fps; n++) {
                channel.send(CLIP.frame(n, PixelFormat.NV12));
            }
            channel.reconfigure(channel.config().toBuilder().bitRate(900).build());
            for (int n = 4 * fps; n < 8 * fps; n++) {
                channel.send(CLIP.frame(n, PixelFormat.NV12));
            }
        }
        double before = sink.kbps(fps, 4 * fps, fps);
        double after = sink.kbps(5 * fps, 8 * fps, fps);
        assertTrue(Math.abs(before - 150) < 150 * 0.3, "before the change: " + before);
        assertTrue(Math.abs(after - 900) < 900 * 0.3, "after the change to 900: " + after);
    }

    @ParameterizedTest
    @EnumSource(Codec.class)
    void frameRateDropKeepsTheRightFrames(Codec codec) throws IOException {
        PacketCollector sink = encode(config(codec).srcFrameRate(30).dstFrameRate(10).gop(10).build(), 90);
        assertEquals(30, sink.encoded().size());
        assertEquals(60, sink.dropped().size());
        assertEquals(IntStream.range(0, 30).mapToObj(i -> (long) i * 3).toList(),
                sink.encoded().stream().map(Packet::frameIndex).toList());
        Path stream = write(sink, "dst", codec);
        assertEquals(30, MediaTools.frames(stream).size());
        assertEquals(List.of(0, 10, 20), MediaTools.keyFrameIndexes(stream), "gop counts encoded frames");
    }
}
