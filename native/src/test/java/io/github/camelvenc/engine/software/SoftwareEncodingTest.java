package io.github.camelvenc.engine.software;

import static io.github.camelvenc.engine.software.Encoding.H;
import static io.github.camelvenc.engine.software.Encoding.W;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.camelvenc.engine.Channel;
import io.github.camelvenc.engine.ChannelConfig;
import io.github.camelvenc.engine.Codec;
import io.github.camelvenc.engine.Encoders;
import io.github.camelvenc.engine.Frame;
import io.github.camelvenc.engine.FrameType;
import io.github.camelvenc.engine.Packet;
import io.github.camelvenc.engine.PixelFormat;
import io.github.camelvenc.engine.Profile;
import io.github.camelvenc.engine.RcMode;
import io.github.camelvenc.engine.testing.H264SliceQp;
import io.github.camelvenc.engine.testing.MediaTools;
import io.github.camelvenc.engine.testing.MediaTools.FrameInfo;
import io.github.camelvenc.engine.testing.PacketCollector;
import io.github.camelvenc.engine.testing.TestClip;
import io.github.camelvenc.engine.testing.Yuv;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Encodes a realistic clip on x264 and x265 and checks the result with independent decoders
 * (ffprobe/ffmpeg for both codecs, dec265 for H.265).
 */
class SoftwareEncodingTest {
    /** Mean luma PSNR floor at 800 kbit/s for the 320x240 test clip (both encoders reach about 37 dB). */
    static final double PSNR_FLOOR_DB = 33.0;

    @TempDir
    Path dir;

    private static final TestClip CLIP = Encoding.clip();

    @ParameterizedTest
    @CsvSource({"H264,BASELINE,Constrained Baseline", "H264,MAIN,Main", "H264,HIGH,High", "H265,MAIN,Main"})
    void streamHasFrameCountSizeProfileAndIdrsExactlyAtMultiplesOfGop(Codec codec, Profile profile, String expected)
            throws IOException {
        int gop = 12;
        int frames = 62;
        ChannelConfig config = Encoding.config(codec).profile(profile).gop(gop).bitRate(600).build();
        PacketCollector sink = Encoding.encode(config, CLIP, frames);
        Path stream = Encoding.write(sink, dir, "gop", codec);

        MediaTools.StreamInfo info = MediaTools.streamInfo(stream);
        assertEquals(codec == Codec.H264 ? "h264" : "hevc", info.codec());
        assertEquals(expected, info.profile());
        assertEquals(W, info.width());
        assertEquals(H, info.height());

        List<FrameInfo> decoded = MediaTools.frames(stream);
        assertEquals(frames, decoded.size(), "decoded frame count");
        List<Integer> expectedIdrs = IntStream.range(0, frames).filter(i -> i % gop == 0).boxed().toList();
        assertEquals(expectedIdrs, MediaTools.keyFrameIndexes(stream), "key frames seen by ffprobe");
        for (int i = 0; i < frames; i++) {
            assertEquals(i % gop == 0 ? "I" : "P", decoded.get(i).pictType(), "picture type of frame " + i);
        }
        assertEquals(expectedIdrs, sink.idrPositions(), "IDR packets reported by the channel");

        List<Packet> packets = sink.encoded();
        for (int i = 0; i < frames; i++) {
            Packet p = packets.get(i);
            assertEquals(i, p.frameIndex());
            assertEquals(i, p.sequence());
            assertEquals(i, p.pts());
            assertEquals(i % gop == 0 ? FrameType.IDR : FrameType.P, p.frameType());
            assertTrue(p.data().length > 4 && p.data()[0] == 0 && p.data()[1] == 0
                    && (p.data()[2] == 1 || (p.data()[2] == 0 && p.data()[3] == 1)), "Annex-B start code");
            assertEquals(i % gop == 0, hasParameterSets(codec, p.nalTypes()),
                    "parameter sets in front of frame " + i + ": " + java.util.Arrays.toString(p.nalTypes()));
        }
    }

    @ParameterizedTest
    @EnumSource(Codec.class)
    void qualityIsAboveTheFloorWithFfmpegAndDec265(Codec codec) throws IOException {
        int frames = 45;
        ChannelConfig config = Encoding.config(codec).bitRate(800).gop(30).build();
        Path stream = Encoding.write(Encoding.encode(config, CLIP, frames), dir, "psnr", codec);
        byte[] reference = Encoding.reference(CLIP, frames);
        double psnr = Yuv.lumaPsnr(reference, MediaTools.decodeI420(stream), W, H);
        assertTrue(psnr > PSNR_FLOOR_DB, "ffmpeg-decoded luma PSNR " + psnr + " dB");
        if (codec == Codec.H265) {
            byte[] dec265 = MediaTools.decodeI420WithDec265(stream);
            assertEquals(reference.length, dec265.length, "dec265 frame count x frame size");
            double psnr265 = Yuv.lumaPsnr(reference, dec265, W, H);
            assertTrue(psnr265 > PSNR_FLOOR_DB, "dec265-decoded luma PSNR " + psnr265 + " dB");
        }
    }

    @ParameterizedTest
    @EnumSource(Codec.class)
    void nv12AndNv21OfTheSamePictureDecodeToTheSameImage(Codec codec) throws IOException {
        int frames = 20;
        byte[] nv12 = MediaTools.decodeI420(Encoding.write(Encoding.encode(
                Encoding.config(codec).pixelFormat(PixelFormat.NV12).threads(1).build(), CLIP, frames), dir, "nv12",
                codec));
        byte[] nv21 = MediaTools.decodeI420(Encoding.write(Encoding.encode(
                Encoding.config(codec).pixelFormat(PixelFormat.NV21).threads(1).build(), CLIP, frames), dir, "nv21",
                codec));
        assertEquals(frames * CLIP.frameSize(), nv12.length);
        assertArrayEquals(nv12, nv21, "NV12 and NV21 input must give the same decoded pictures");
        int luma = W * H;
        double chromaPsnr = Yuv.psnr(CLIP.i420(0), luma, nv21, luma, luma / 2);
        assertTrue(chromaPsnr > 30, "chroma of frame 0 matches the source planes, PSNR " + chromaPsnr);
    }

    @ParameterizedTest
    @EnumSource(Codec.class)
    void paddedStrideDirectAndReadOnlyBuffersEncodeTheSamePicture(Codec codec) throws IOException {
        int frames = 10;
        int stride = W + 64;
        ChannelConfig config = Encoding.config(codec).threads(1).build();
        PacketCollector packed = Encoding.encode(config, CLIP, frames);
        PacketCollector padded = new PacketCollector();
        try (Channel channel = Encoders.open(config, padded)) {
            for (int n = 0; n < frames; n++) {
                byte[] rows = Yuv.withStride(CLIP.semiPlanar(n, PixelFormat.NV12), W, H, stride, (byte) 0x55);
                int chromaOffset = stride * H + stride * 4;
                ByteBuffer direct = ByteBuffer.allocateDirect(chromaOffset + stride * H / 2);
                direct.put(0, rows, 0, stride * H);
                direct.put(chromaOffset, rows, stride * H, stride * H / 2);
                Frame frame = switch (n % 3) {
                    case 0 -> Frame.of(direct, W, H, stride, chromaOffset, PixelFormat.NV12, n);
                    case 1 -> Frame.of(ByteBuffer.wrap(rows), W, H, stride, PixelFormat.NV12, n);
                    default -> Frame.of(ByteBuffer.wrap(rows).asReadOnlyBuffer(), W, H, stride, PixelFormat.NV12, n);
                };
                channel.send(frame);
            }
        }
        assertArrayEquals(MediaTools.decodeI420(Encoding.write(packed, dir, "packed", codec)),
                MediaTools.decodeI420(Encoding.write(padded, dir, "padded", codec)));
    }

    @ParameterizedTest
    @EnumSource(Codec.class)
    void cbrHoldsTheBitRateWithinTenPercentOverTenSeconds(Codec codec) throws IOException {
        int fps = 30;
        int frames = 10 * fps;
        int kbps = 400;
        ChannelConfig config = Encoding.config(codec).rcMode(RcMode.CBR).bitRate(kbps).statsTime(1).gop(60)
                .srcFrameRate(fps).build();
        PacketCollector sink = Encoding.encode(config, CLIP, frames);
        assertEquals(frames, sink.encoded().size());
        double measured = sink.kbps(0, frames, fps);
        assertTrue(Math.abs(measured - kbps) <= kbps * 0.10, "CBR " + kbps + " kbit/s measured " + measured);
        Path stream = Encoding.write(sink, dir, "cbr", codec);
        assertEquals(frames, MediaTools.frameCount(stream));
        double probed = MediaTools.kbps(stream, fps);
        assertTrue(Math.abs(probed - kbps) <= kbps * 0.10, "CBR " + kbps + " kbit/s, ffprobe packet sizes give " + probed);
    }

    @ParameterizedTest
    @EnumSource(Codec.class)
    void vbrStaysUnderMaxBitRate(Codec codec) {
        int fps = 30;
        int frames = 4 * fps;
        ChannelConfig config = Encoding.config(codec).rcMode(RcMode.VBR).maxBitRate(300).gop(60).build();
        double measured = Encoding.encode(config, CLIP, frames).kbps(0, frames, fps);
        assertTrue(measured <= 300 * 1.10, "VBR capped at 300 kbit/s measured " + measured);
        assertTrue(measured >= 300 * 0.5, "VBR at this complexity should use the budget, measured " + measured);
    }

    @ParameterizedTest
    @EnumSource(Codec.class)
    void dstFrameRateKeepsTheRightFramesAndReportsTheDrops(Codec codec) throws IOException {
        int frames = 90;
        ChannelConfig config = Encoding.config(codec).srcFrameRate(30).dstFrameRate(10).gop(10).build();
        PacketCollector sink = Encoding.encode(config, CLIP, frames);
        assertEquals(30, sink.encoded().size());
        assertEquals(60, sink.dropped().size());
        List<Long> kept = sink.encoded().stream().map(Packet::frameIndex).toList();
        assertEquals(IntStream.range(0, 30).mapToObj(i -> (long) i * 3).toList(), kept);
        Path stream = Encoding.write(sink, dir, "dst", codec);
        assertEquals(30, MediaTools.frames(stream).size());
        assertEquals(List.of(0, 10, 20), MediaTools.keyFrameIndexes(stream), "gop counts encoded frames");
    }

    @ParameterizedTest
    @EnumSource(Codec.class)
    void fixQpEncodesIAndPFramesWithExactlyTheRequestedQp(Codec codec) throws IOException {
        int frames = 24;
        int gop = 8;
        ChannelConfig config = Encoding.config(codec).rcMode(RcMode.FIXQP).iQp(24).pQp(35).gop(gop).build();
        Path stream = Encoding.write(Encoding.encode(config, CLIP, frames), dir, "fixqp", codec);
        List<Integer> qps = codec == Codec.H264 ? MediaTools.h264SliceQps(stream) : MediaTools.h265SliceQps(stream);
        List<Integer> expected = new ArrayList<>();
        for (int i = 0; i < frames; i++) {
            expected.add(i % gop == 0 ? 24 : 35);
        }
        assertEquals(expected, qps, "QP of each frame read from the stream");
    }

    /**
     * firstFrameStartQp is where the rate control starts: the first frame is encoded around it (the
     * row-level VBV control may move single slices by a few steps), whatever the bit rate would pick.
     */
    @ParameterizedTest
    @EnumSource(Codec.class)
    void firstFrameStartQpSetsTheQpOfTheFirstFrame(Codec codec) throws IOException {
        for (int start : new int[] {14, 44}) {
            ChannelConfig config = Encoding.config(codec).rcMode(RcMode.CBR).bitRate(500).firstFrameStartQp(start)
                    .build();
            Path stream = Encoding.write(Encoding.encode(config, CLIP, 3), dir, "ffsqp" + start, codec);
            double first = codec == Codec.H264 ? firstPictureMeanQp(stream) : MediaTools.h265SliceQps(stream).get(0);
            assertTrue(Math.abs(first - start) <= 3, "first frame QP " + first + " for firstFrameStartQp " + start);
        }
    }

    @ParameterizedTest
    @CsvSource({"H264,true", "H264,false", "H265,true", "H265,false"})
    void requestedIdrMakesTheNextFrameAnIdrAndRestartsTheGop(Codec codec, boolean lowLatency) throws IOException {
        int gop = 20;
        PacketCollector sink = new PacketCollector();
        try (Channel channel = Encoders.open(Encoding.config(codec).gop(gop).lowLatency(lowLatency).build(), sink)) {
            for (int n = 0; n < 50; n++) {
                if (n == 7) {
                    channel.requestIdr();
                }
                channel.send(CLIP.frame(n, PixelFormat.NV12));
            }
        }
        assertEquals(List.of(0, 7, 27, 47), sink.idrPositions());
        assertEquals(List.of(0, 7, 27, 47), MediaTools.keyFrameIndexes(Encoding.write(sink, dir, "idr", codec)));
    }

    @ParameterizedTest
    @EnumSource(Codec.class)
    void bitRateChangeAltersTheFollowingSecondsRate(Codec codec) {
        int fps = 30;
        PacketCollector sink = new PacketCollector();
        try (Channel channel = Encoders.open(Encoding.config(codec).bitRate(150).gop(30).build(), sink)) {
            for (int n = 0; n < 4 * fps; n++) {
                channel.send(CLIP.frame(n, PixelFormat.NV12));
            }
            channel.reconfigure(channel.config().toBuilder().bitRate(900).build());
            for (int n = 4 * fps; n < 8 * fps; n++) {
                channel.send(CLIP.frame(n, PixelFormat.NV12));
            }
            assertEquals(900, channel.config().bitRate());
        }
        double before = sink.kbps(fps, 4 * fps, fps);
        double after = sink.kbps(5 * fps, 8 * fps, fps);
        assertTrue(Math.abs(before - 150) < 150 * 0.25, "before the change: " + before);
        assertTrue(Math.abs(after - 900) < 900 * 0.25, "after the change to 900: " + after);
    }

    @ParameterizedTest
    @EnumSource(Codec.class)
    void rateChangeInThroughputModeLosesNoFrameAndKeepsTheIdrCadence(Codec codec) throws IOException {
        PacketCollector sink = new PacketCollector();
        try (Channel channel = Encoders.open(Encoding.config(codec).lowLatency(false).bitRate(300).gop(10).build(),
                sink)) {
            for (int n = 0; n < 25; n++) {
                channel.send(CLIP.frame(n, PixelFormat.NV12));
            }
            channel.reconfigure(channel.config().toBuilder().bitRate(600).build());
            for (int n = 25; n < 50; n++) {
                channel.send(CLIP.frame(n, PixelFormat.NV12));
            }
        }
        assertEquals(IntStream.range(0, 50).mapToObj(i -> (long) i).toList(),
                sink.encoded().stream().map(Packet::frameIndex).toList());
        assertEquals(List.of(0, 10, 20, 30, 40), sink.idrPositions());
        Path stream = Encoding.write(sink, dir, "tprate", codec);
        assertEquals(50, MediaTools.frameCount(stream));
        assertEquals(List.of(0, 10, 20, 30, 40), MediaTools.keyFrameIndexes(stream));
    }

    @ParameterizedTest
    @EnumSource(Codec.class)
    void frameRateAndGopChangeAtRunTime(Codec codec) throws IOException {
        PacketCollector sink = new PacketCollector();
        try (Channel channel = Encoders.open(Encoding.config(codec).bitRate(300).gop(10).srcFrameRate(30).build(),
                sink)) {
            for (int n = 0; n < 30; n++) {
                channel.send(CLIP.frame(n, PixelFormat.NV12));
            }
            channel.reconfigure(channel.config().toBuilder().dstFrameRate(15).gop(5).build());
            for (int n = 30; n < 90; n++) {
                channel.send(CLIP.frame(n, PixelFormat.NV12));
            }
        }
        assertEquals(30 + 30, sink.encoded().size(), "30 frames at 30 fps, then 60 inputs kept at 15 of 30");
        assertEquals(30, sink.dropped().size());
        assertEquals(List.of(0, 10, 20, 30, 35, 40, 45, 50, 55), sink.idrPositions());
        double bitsPerFrameAfter = sink.bytes(35, 60) * 8.0 / 25;
        assertTrue(bitsPerFrameAfter > 300_000.0 / 15 * 0.6,
                "at 15 fps each frame gets twice the bits: " + bitsPerFrameAfter);
        assertEquals(60, MediaTools.frames(Encoding.write(sink, dir, "rt", codec)).size());
    }

    /**
     * gop 10 → 20 five frames into the third GOP. x264 follows the schedule at once (next IDR when the
     * count since the last one reaches 20); x265 places the gop's IDRs itself from a keyint it cannot
     * change while open, so the larger gop applies from its next IDR, at the old gop, where the
     * channel opens a fresh encoder with the new one. With a requested IDR both apply it at once.
     */
    @ParameterizedTest
    @CsvSource({"H264,true", "H264,false", "H265,true", "H265,false"})
    void largerGopAtRunTime(Codec codec, boolean lowLatency) throws IOException {
        List<Integer> alone = codec == Codec.H264 ? List.of(0, 10, 20, 40, 60) : List.of(0, 10, 20, 30, 50);
        assertEquals(alone, largerGop(codec, lowLatency, false, "gop-up"));
        assertEquals(List.of(0, 10, 20, 25, 45, 65), largerGop(codec, lowLatency, true, "gop-up-idr"));
    }

    /** The IDR positions (packet types and ffprobe agreeing) of 70 frames with gop 10 → 20 before frame 25. */
    private List<Integer> largerGop(Codec codec, boolean lowLatency, boolean requestIdr, String name)
            throws IOException {
        PacketCollector sink = new PacketCollector();
        try (Channel channel = Encoders.open(Encoding.config(codec).lowLatency(lowLatency).bitRate(300).gop(10)
                .build(), sink)) {
            for (int n = 0; n < 70; n++) {
                if (n == 25) {
                    channel.reconfigure(channel.config().toBuilder().gop(20).build());
                    if (requestIdr) {
                        channel.requestIdr();
                    }
                }
                channel.send(CLIP.frame(n, PixelFormat.NV12));
            }
        }
        Path stream = Encoding.write(sink, dir, name + "-" + lowLatency, codec);
        assertEquals(70, MediaTools.frameCount(stream));
        assertEquals(sink.idrPositions(), MediaTools.keyFrameIndexes(stream));
        return sink.idrPositions();
    }

    @ParameterizedTest
    @EnumSource(Codec.class)
    void lowLatencyDeliversEachFrameDuringItsOwnSend(Codec codec) {
        PacketCollector sink = new PacketCollector();
        try (Channel channel = Encoders.open(Encoding.config(codec).lowLatency(true).build(), sink)) {
            for (int n = 0; n < 15; n++) {
                channel.send(CLIP.frame(n, PixelFormat.NV12));
                assertEquals(n + 1, sink.encoded().size(), "packet of frame " + n + " out during its send");
            }
        }
    }

    @ParameterizedTest
    @EnumSource(Codec.class)
    void throughputModeDrainsOnFlushAndGoesOnWithAnIdr(Codec codec) throws IOException {
        PacketCollector sink = new PacketCollector();
        try (Channel channel = Encoders.open(Encoding.config(codec).lowLatency(false).gop(30).build(), sink)) {
            for (int n = 0; n < 20; n++) {
                channel.send(CLIP.frame(n, PixelFormat.NV12));
            }
            channel.flush();
            assertEquals(20, sink.encoded().size(), "flush drains every frame");
            for (int n = 20; n < 40; n++) {
                channel.send(CLIP.frame(n, PixelFormat.NV12));
            }
        }
        assertEquals(40, sink.encoded().size());
        assertEquals(List.of(0, 20), sink.idrPositions(), "a fresh sequence starts after the drain");
        assertEquals(40, MediaTools.frames(Encoding.write(sink, dir, "tp", codec)).size());
    }

    private static double firstPictureMeanQp(Path h264) throws IOException {
        List<H264SliceQp.Slice> slices = H264SliceQp.slices(java.nio.file.Files.readAllBytes(h264));
        double sum = slices.get(0).qp();
        int count = 1;
        for (int i = 1; i < slices.size() && slices.get(i).firstMb() != 0; i++) {
            sum += slices.get(i).qp();
            count++;
        }
        return sum / count;
    }

    private static boolean hasParameterSets(Codec codec, int[] nalTypes) {
        List<Integer> types = java.util.Arrays.stream(nalTypes).boxed().toList();
        if (codec == Codec.H264) {
            return types.contains(7) && types.contains(8) && types.indexOf(8) < types.indexOf(5);
        }
        int idr = types.contains(19) ? types.indexOf(19) : types.indexOf(20);
        return types.contains(32) && types.contains(33) && types.contains(34) && idr > types.indexOf(34);
    }
}
