package io.github.camelvenc.engine.mux;

import static io.github.camelvenc.engine.mux.EncodedClips.FPS;
import static io.github.camelvenc.engine.mux.EncodedClips.FRAMES;
import static io.github.camelvenc.engine.mux.EncodedClips.H;
import static io.github.camelvenc.engine.mux.EncodedClips.TIMING;
import static io.github.camelvenc.engine.mux.EncodedClips.W;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import io.github.camelvenc.engine.Codec;
import io.github.camelvenc.engine.Packet;
import io.github.camelvenc.engine.testing.ContainerReaders;
import io.github.camelvenc.engine.testing.ContainerReaders.Discovered;
import io.github.camelvenc.engine.testing.ContainerReaders.MediaInfo;
import io.github.camelvenc.engine.testing.ContainerReaders.Probe;
import io.github.camelvenc.engine.testing.MediaTools;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every container the muxers write, read by tools that share no code with them: ffprobe/ffmpeg
 * (frame count, duration, codec, key frames, strict decode), GStreamer (gst-discoverer-1.0 and a
 * qtdemux/tsdemux decode pipeline) and MediaInfo; HLS by ffprobe over HTTP.
 */
class MuxReadersTest {
    private static final double DURATION = FRAMES / (double) FPS;
    private static final List<Double> KEY_TIMES = List.of(0.0, 1.0, 2.0);

    @TempDir
    Path dir;

    static Stream<Arguments> outputs() {
        List<Arguments> all = new ArrayList<>();
        for (Codec codec : Codec.values()) {
            for (Container c : List.of(Container.MP4, Container.FMP4, Container.TS)) {
                all.add(Arguments.of(codec, c));
            }
        }
        return all.stream();
    }

    @ParameterizedTest
    @MethodSource("outputs")
    void clipFileIsReadAlikeByFfprobeGstreamerAndMediainfo(Codec codec, Container container) throws IOException {
        Path file = dir.resolve("clip-" + codec.id() + "." + container.extension(codec));
        Files.write(file, ClipMuxer.mux(container, codec, TIMING, EncodedClips.packets(codec)));
        assertReadable(file, codec, container, FRAMES, DURATION, KEY_TIMES);
    }

    @ParameterizedTest
    @MethodSource("outputs")
    void liveStreamAndEachOfItsSegmentsPlay(Codec codec, Container container) throws IOException {
        if (container == Container.MP4) {
            return;
        }
        LiveMuxer continuous = new LiveMuxer(container, codec, TIMING, 0);
        LiveMuxer cut = new LiveMuxer(container, codec, TIMING, 1000);
        ByteArrayOutputStream whole = new ByteArrayOutputStream();
        List<ByteArrayOutputStream> segments = new ArrayList<>();
        for (Packet p : EncodedClips.packets(codec)) {
            whole.writeBytes(continuous.accept(p).data());
            LiveMuxer.Chunk c = cut.accept(p);
            if (c.segmentStart()) {
                segments.add(new ByteArrayOutputStream());
            }
            segments.get(segments.size() - 1).writeBytes(c.data());
        }
        Path stream = dir.resolve("live-" + codec.id() + "." + container.extension(codec));
        Files.write(stream, whole.toByteArray());
        Probe probe = ContainerReaders.ffprobe(stream.toString());
        assertEquals(FRAMES, probe.frames(), "the stream of one-sample fragments: " + probe);
        assertEquals(DURATION, probe.duration(), 0.5 / FPS, "the stream's duration: " + probe);
        ContainerReaders.decodeStrictly(stream.toString());
        assertEquals(3, segments.size());
        int[] frames = {25, 25, 10};
        for (int s = 0; s < 3; s++) {
            Path seg = dir.resolve("seg" + s + "-" + codec.id() + "." + container.extension(codec));
            Files.write(seg, segments.get(s).toByteArray());
            assertReadable(seg, codec, container, frames[s], frames[s] / (double) FPS, null);
            assertEquals(0, MediaTools.keyFrameIndexes(seg).get(0), "segment " + s + " starts with a key frame");
        }
    }

    /** Reads {@code file} with every tool; {@code keyTimes} (whole clips only, else null) are checked too. */
    private static void assertReadable(Path file, Codec codec, Container container, int frames, double duration,
            List<Double> keyTimes) throws IOException {
        String ffCodec = codec == Codec.H264 ? "h264" : "hevc";
        Probe probe = ContainerReaders.ffprobe(file.toString());
        assertEquals(ffCodec, probe.codec(), probe.toString());
        assertEquals(W, probe.width());
        assertEquals(H, probe.height());
        assertEquals(frames, probe.frames(), "ffprobe frame count: " + probe);
        assertEquals(duration, probe.duration(), 0.5 / FPS, "ffprobe duration: " + probe);
        if (container == Container.TS) {
            assertEquals("mpegts", probe.format());
        } else {
            assertEquals(codec == Codec.H264 ? "avc1" : "hvc1", probe.tag(), "sample entry");
        }
        ContainerReaders.decodeStrictly(file.toString());
        if (keyTimes != null) {
            List<Double> keys = ContainerReaders.keyFrameTimes(file.toString());
            double origin = keys.get(0);
            assertEquals(keyTimes, keys.stream().map(t -> Math.round((t - origin) * 1000) / 1000.0).toList(),
                    "key frames where the IDRs are");
        }
        Discovered gst = ContainerReaders.discover(file);
        assertEquals(W, gst.width());
        assertEquals(H, gst.height());
        assertTrue(gst.caps().contains(codec == Codec.H264 ? "video/x-h264" : "video/x-h265"), gst.caps());
        if (keyTimes != null) {
            // GStreamer takes the duration of a fragmented MP4 from mehd (a finished clip has it, a live
            // segment cannot) and estimates a TS's from its byte rate, which needs more than a 1 s segment.
            assertEquals(duration, gst.duration(), 1.0 / FPS + 1e-6, "gst-discoverer duration");
        }
        assertEquals(frames, ContainerReaders.gstreamerDecodedFrames(file, codec.id(), W, H),
                "frames GStreamer demuxed and decoded");
        MediaInfo info = ContainerReaders.mediainfo(file);
        assertEquals(codec == Codec.H264 ? "AVC" : "HEVC", info.format(), info.toString());
        assertEquals(W, info.width());
        assertEquals(H, info.height());
        // MediaInfo derives a TS's frame count from its PTS span, which ends at the last frame's start.
        assertEquals(frames, info.frames(), container == Container.TS ? 1 : 0, "mediainfo frame count: " + info);
        assertEquals(duration, info.duration(), 1.0 / FPS + 1e-6, "mediainfo duration: " + info);
        if (container == Container.MP4) {
            assertEquals("Yes", info.streamable(), "mediainfo: fast start");
        }
    }

    @Test
    void hlsPlaylistOverHttpPlaysWithFfprobe() throws IOException {
        for (Container container : List.of(Container.FMP4, Container.TS)) {
            LiveMuxer mux = new LiveMuxer(container, Codec.H264, TIMING, 0);
            HlsPlaylist hls = new HlsPlaylist(container, 1, 5);
            for (Packet p : EncodedClips.packets(Codec.H264)) {
                hls.add(mux.accept(p));
            }
            hls.end(DURATION);
            HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
            server.createContext("/", exchange -> {
                String name = exchange.getRequestURI().getPath().substring(1);
                byte[] body = name.equals("index.m3u8") ? hls.playlist().getBytes(StandardCharsets.UTF_8)
                        : name.equals("init.mp4") ? hls.init() : hls.segment(name);
                if (body == null) {
                    exchange.sendResponseHeaders(404, -1);
                } else {
                    exchange.sendResponseHeaders(200, body.length);
                    exchange.getResponseBody().write(body);
                }
                exchange.close();
            });
            server.start();
            try {
                String url = "http://127.0.0.1:" + server.getAddress().getPort() + "/index.m3u8";
                Probe probe = ContainerReaders.ffprobe(url);
                assertEquals("hls", probe.format(), probe.toString());
                assertEquals("h264", probe.codec());
                assertEquals(FRAMES, probe.frames(), container + " HLS frames: " + probe);
                assertEquals(DURATION, probe.duration(), 0.5 / FPS, container + " HLS duration: " + probe);
                ContainerReaders.decodeStrictly(url);
            } finally {
                server.stop(0);
            }
        }
    }
}
