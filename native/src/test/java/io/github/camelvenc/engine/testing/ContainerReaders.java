package io.github.camelvenc.engine.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Independent readers of container files (MP4, fragmented MP4, MPEG-TS, HLS): ffprobe, GStreamer
 * ({@code gst-discoverer-1.0}, {@code gst-launch-1.0} with {@code qtdemux}/{@code tsdemux} and the libav
 * decoders) and MediaInfo. Each method fails with the tool's stderr when the tool fails.
 */
public final class ContainerReaders {
    private static final Pattern GST_DURATION = Pattern.compile("Duration: (\\d+):(\\d+):(\\d+)\\.(\\d+)");
    private static final Pattern GST_SIZE = Pattern.compile("Width: (\\d+)\\s+Height: (\\d+)");

    private ContainerReaders() {
    }

    /**
     * What ffprobe reads from a container file or URL (an HLS playlist over HTTP too), counting every frame.
     *
     * @param format   the demuxer's format_name
     * @param codec    codec_name of the video stream
     * @param tag      codec_tag_string ({@code avc1}, {@code hvc1}, or the TS stream type)
     * @param width    coded picture width
     * @param height   coded picture height
     * @param frames   nb_read_frames: frames decoded
     * @param duration duration of the file in seconds (-1 when unknown, as for a live stream)
     */
    public record Probe(String format, String codec, String tag, int width, int height, int frames, double duration) {
    }

    /** ffprobe of {@code input} (a path or an {@code http://} URL), frames counted by decoding. */
    public static Probe ffprobe(String input) {
        return ffprobe(input, true);
    }

    /**
     * ffprobe of {@code input}; without {@code countFrames} only its headers are read (frames -1), which
     * is what ends on a live HLS playlist.
     */
    public static Probe ffprobe(String input, boolean countFrames) {
        List<String> command = new ArrayList<>(List.of("ffprobe", "-v", "error", "-select_streams", "v:0",
                "-show_entries", "format=format_name,duration:stream=codec_name,codec_tag_string,width,height,nb_read_frames",
                "-of", "default=nw=1", input));
        if (countFrames) {
            command.add(1, "-count_frames");
        }
        String out = MediaTools.run(command).stdoutText();
        Map<String, String> kv = new HashMap<>();
        for (String line : out.split("\n")) {
            String[] p = line.trim().split("=", 2);
            if (p.length == 2) {
                kv.putIfAbsent(p[0], p[1]);
            }
        }
        return new Probe(kv.get("format_name"), kv.get("codec_name"), kv.get("codec_tag_string"),
                Integer.parseInt(kv.getOrDefault("width", "-1")), Integer.parseInt(kv.getOrDefault("height", "-1")),
                parseInt(kv.getOrDefault("nb_read_frames", "-1")),
                kv.getOrDefault("duration", "").matches("[0-9.]+") ? Double.parseDouble(kv.get("duration")) : -1);
    }

    private static int parseInt(String text) {
        return text.matches("-?\\d+") ? Integer.parseInt(text) : -1;
    }

    /** Decodes every frame of {@code input} with ffmpeg, failing on the first decode error ({@code -xerror}). */
    public static void decodeStrictly(String input) {
        String errors = MediaTools.run(List.of("ffmpeg", "-v", "error", "-xerror", "-i", input, "-f", "null", "-"))
                .outputText();
        if (!errors.isBlank()) {
            throw new AssertionError("ffmpeg reported errors in " + input + ": " + errors.strip());
        }
    }

    /** Presentation times (seconds) of the key frames ffprobe finds in {@code input}. */
    public static List<Double> keyFrameTimes(String input) {
        String out = MediaTools.run(List.of("ffprobe", "-v", "error", "-select_streams", "v:0", "-skip_frame", "nokey",
                "-show_frames", "-show_entries", "frame=pts_time", "-of", "default=nw=1", input)).stdoutText();
        return out.lines().map(String::trim).filter(l -> l.startsWith("pts_time="))
                .map(l -> Double.parseDouble(l.substring("pts_time=".length()))).toList();
    }

    /**
     * What {@code gst-discoverer-1.0} says about a file.
     *
     * @param duration seconds
     * @param caps     the video caps line ({@code video/x-h264, stream-format=avc, ...})
     */
    public record Discovered(double duration, int width, int height, String caps) {
    }

    /** Runs {@code gst-discoverer-1.0 -v} on a file. */
    public static Discovered discover(Path file) {
        String out = MediaTools.run(List.of("gst-discoverer-1.0", "-v", file.toAbsolutePath().toString())).stdoutText();
        Matcher d = GST_DURATION.matcher(out);
        Matcher s = GST_SIZE.matcher(out);
        if (!d.find() || !s.find()) {
            throw new AssertionError("gst-discoverer-1.0 gave no duration or size for " + file + ":\n" + out);
        }
        double duration = Integer.parseInt(d.group(1)) * 3600 + Integer.parseInt(d.group(2)) * 60
                + Integer.parseInt(d.group(3)) + Double.parseDouble("0." + d.group(4));
        String caps = out.lines().map(String::trim).filter(l -> l.startsWith("video #")).findFirst().orElse("");
        return new Discovered(duration, Integer.parseInt(s.group(1)), Integer.parseInt(s.group(2)), caps);
    }

    /**
     * Demuxes ({@code qtdemux} for {@code .mp4}, {@code tsdemux} for {@code .ts}), parses and decodes every
     * frame with GStreamer's libav decoder to raw I420; returns how many frames of {@code width x height}
     * came out. Fails when the pipeline reports an error.
     */
    public static int gstreamerDecodedFrames(Path file, String codec, int width, int height) throws IOException {
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        String demux = name.endsWith(".ts") ? "tsdemux" : "qtdemux";
        String c = codec.equals("h264") ? "h264" : "h265";
        Path raw = Files.createTempFile("gst-", ".yuv");
        try {
            MediaTools.run(List.of("gst-launch-1.0", "-q", "filesrc", "location=" + file.toAbsolutePath(), "!", demux,
                    "!", c + "parse", "!", "avdec_" + c, "!", "video/x-raw,format=I420", "!", "filesink",
                    "location=" + raw));
            long size = Files.size(raw);
            long frame = (long) width * height * 3 / 2;
            if (size % frame != 0) {
                throw new AssertionError("GStreamer decoded " + size + " bytes, not whole " + width + "x" + height + " frames");
            }
            return (int) (size / frame);
        } finally {
            Files.deleteIfExists(raw);
        }
    }

    /**
     * What MediaInfo reports for the video track and the file.
     *
     * @param format     AVC or HEVC
     * @param codecId    avc1, hvc1, or the TS stream type
     * @param frames     frame count
     * @param duration   duration in seconds
     * @param streamable for MP4: the index is in front of the media data ("fast start")
     */
    public record MediaInfo(String format, String codecId, int width, int height, int frames, double duration,
            String streamable) {
    }

    /** Runs {@code mediainfo} on a file. */
    public static MediaInfo mediainfo(Path file) {
        String video = MediaTools.run(List.of("mediainfo",
                "--Inform=Video;%Format%|%CodecID%|%Width%|%Height%|%FrameCount%|%Duration%", file.toString()))
                .stdoutText().trim();
        String general = MediaTools.run(List.of("mediainfo", "--Inform=General;%IsStreamable%", file.toString()))
                .stdoutText().trim();
        String[] f = video.split("\\|", -1);
        if (f.length != 6) {
            throw new AssertionError("mediainfo found no video track in " + file + ": " + video);
        }
        return new MediaInfo(f[0], f[1], Integer.parseInt(f[2]), Integer.parseInt(f[3]),
                f[4].isEmpty() ? -1 : Integer.parseInt(f[4]), f[5].isEmpty() ? -1 : Double.parseDouble(f[5]) / 1000.0,
                general);
    }
}
