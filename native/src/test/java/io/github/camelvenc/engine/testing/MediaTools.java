package io.github.camelvenc.engine.testing;

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Runs the independent tools that check what the engine produces: ffprobe/ffmpeg (both codecs),
 * dec265 (libde265, H.265 only) and OpenH264 (H.264 only; a small decoder program compiled once per
 * JVM from {@code openh264dec.c} against Debian's {@code libopenh264-dev}). Input files are raw Annex-B streams named {@code .h264} or
 * {@code .h265}, or containers named {@code .mp4} (progressive or fragmented), {@code .ts} or
 * {@code .m3u8} (an HLS playlist, also as an {@code http://} URL). Every method fails with the tool's stderr when the tool fails.
 */
public final class MediaTools {
    private static final long TIMEOUT_SECONDS = 120;
    private static final Pattern DEC265_INIT_QP = Pattern.compile("pic_init_qp\\s*:\\s*(-?\\d+)");
    private static final Pattern DEC265_SLICE_QP = Pattern.compile("slice_qp_delta\\s*:\\s*(-?\\d+)");
    private static final Pattern DEC265_SLICE = Pattern.compile("-+ SLICE -+");

    private MediaTools() {
    }

    /** What ffprobe says about the video stream. */
    public record StreamInfo(String codec, String profile, int width, int height) {
    }

    /** One decoded frame in display order, as ffprobe reports it. */
    public record FrameInfo(String pictType, boolean keyFrame, int packetSize) {
    }

    /** A stream that decoded without any error: its codec and size, and every frame in display order. */
    public record Decoded(StreamInfo info, List<FrameInfo> frames) {
        /** Picture width. */
        public int width() {
            return info.width();
        }

        /** Picture height. */
        public int height() {
            return info.height();
        }

        /** The picture type of each frame, in display order ({@code I}, {@code P}, {@code B}). */
        public List<String> pictTypes() {
            return frames.stream().map(FrameInfo::pictType).toList();
        }
    }

    /** Codec, profile and size of the stream. */
    public static StreamInfo streamInfo(Path stream) {
        String out = run(List.of("ffprobe", "-v", "error", "-f", format(stream), "-select_streams", "v:0",
                "-show_entries", "stream=codec_name,profile,width,height", "-of", "default=nw=1", stream.toString()))
                .stdoutText();
        String codec = null;
        String profile = null;
        int width = -1;
        int height = -1;
        for (String line : out.split("\n")) {
            String[] kv = line.trim().split("=", 2);
            if (kv.length != 2) {
                continue;
            }
            switch (kv[0]) {
                case "codec_name" -> codec = kv[1];
                case "profile" -> profile = kv[1];
                case "width" -> width = Integer.parseInt(kv[1]);
                case "height" -> height = Integer.parseInt(kv[1]);
                default -> {
                }
            }
        }
        return new StreamInfo(codec, profile, width, height);
    }

    /** Every frame ffprobe decodes, in order: picture type, key flag, packet size. */
    public static List<FrameInfo> frames(Path stream) {
        String out = run(List.of("ffprobe", "-v", "error", "-f", format(stream), "-select_streams", "v:0",
                "-show_frames", "-show_entries", "frame=pict_type,key_frame,pkt_size", "-of", "csv=p=0",
                stream.toString())).stdoutText();
        List<FrameInfo> frames = new ArrayList<>();
        for (String line : out.split("\n")) {
            if (line.isBlank()) {
                continue;
            }
            String keyFrame = null;
            String pictType = null;
            int size = -1;
            for (String field : line.trim().split(",")) {
                if (field.matches("[01]") && keyFrame == null) {
                    keyFrame = field;
                } else if (field.matches("[IPBSs?]")) {
                    pictType = field;
                } else if (field.matches("\\d+")) {
                    size = Integer.parseInt(field);
                }
            }
            frames.add(new FrameInfo(pictType, "1".equals(keyFrame), size));
        }
        return frames;
    }

    /** How many frames ffprobe decodes. */
    public static int frameCount(Path stream) {
        return frames(stream).size();
    }

    /** Average bit rate in kbit/s of the whole stream at {@code fps}, from the packet sizes ffprobe reports. */
    public static double kbps(Path stream, double fps) {
        List<FrameInfo> frames = frames(stream);
        long bytes = frames.stream().mapToLong(FrameInfo::packetSize).sum();
        return bytes * 8.0 / (frames.size() / fps) / 1000.0;
    }

    /** Indexes of the key frames among {@link #frames}. */
    public static List<Integer> keyFrameIndexes(Path stream) {
        List<FrameInfo> frames = frames(stream);
        List<Integer> keys = new ArrayList<>();
        for (int i = 0; i < frames.size(); i++) {
            if (frames.get(i).keyFrame()) {
                keys.add(i);
            }
        }
        return keys;
    }

    /**
     * Decodes the whole stream with ffmpeg, failing on any decode error it reports ({@code -xerror}
     * stops at the first one, so a stream that plays with glitches does not pass), then reads its size
     * and frames with ffprobe.
     */
    public static Decoded decodeStrictly(Path stream) {
        String errors = run(List.of("ffmpeg", "-v", "error", "-xerror", "-f", format(stream), "-i", stream.toString(),
                "-f", "null", "-")).outputText();
        if (!errors.isBlank()) {
            throw new AssertionError("ffmpeg reported decode errors in " + stream + ": " + errors.strip());
        }
        return new Decoded(streamInfo(stream), frames(stream));
    }

    /** Decodes with ffmpeg to raw I420 (yuv420p), every frame in order. */
    public static byte[] decodeI420(Path stream) {
        return run(List.of("ffmpeg", "-v", "error", "-f", format(stream), "-i", stream.toString(), "-f", "rawvideo",
                "-pix_fmt", "yuv420p", "-")).stdout();
    }

    /** Decodes an H.265 stream with dec265 (libde265) to raw I420. */
    public static byte[] decodeI420WithDec265(Path stream) throws IOException {
        Path out = Files.createTempFile("dec265-", ".yuv");
        try {
            run(List.of(dec265(), "-q", "-o", out.toString(), stream.toString()));
            return Files.readAllBytes(out);
        } finally {
            Files.deleteIfExists(out);
        }
    }

    /**
     * The MD5 of every picture ffmpeg (libavcodec) decodes from the stream, as raw I420 in order; equal
     * to {@link #independentDecodeMd5} for a stream both decode correctly (decoding is bit-exact).
     */
    public static String ffmpegDecodeMd5(Path stream) {
        String out = run(List.of("ffmpeg", "-v", "error", "-f", format(stream), "-i", stream.toString(),
                "-f", "rawvideo", "-pix_fmt", "yuv420p", "-f", "md5", "-")).stdoutText().strip();
        if (!out.startsWith("MD5=")) {
            throw new AssertionError("ffmpeg printed no MD5: " + out);
        }
        return out.substring(4);
    }

    /**
     * The MD5 of every picture a decoder that shares no code with libavcodec decodes from the stream,
     * as raw I420 in order: dec265 for H.265, OpenH264 for H.264.
     */
    public static String independentDecodeMd5(Path stream) throws IOException {
        Path out = Files.createTempFile("independent-", ".yuv");
        try {
            boolean h264 = format(stream).equals("h264");
            List<String> command = h264 ? List.of(openH264Decoder().toString(), stream.toString())
                    : List.of(dec265(), "-q", "-o", out.toString(), stream.toString());
            Process p = new ProcessBuilder(command).redirectOutput(h264 ? out.toFile() : new File("/dev/null"))
                    .redirectError(ProcessBuilder.Redirect.PIPE).start();
            p.getOutputStream().close();
            String err = new String(readAll(p.getErrorStream()), StandardCharsets.UTF_8);
            if (!p.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new AssertionError("timed out: " + command);
            }
            if (p.exitValue() != 0) {
                throw new AssertionError(command.get(0) + " exited with " + p.exitValue() + ": " + err);
            }
            MessageDigest md5 = MessageDigest.getInstance("MD5");
            try (InputStream in = new DigestInputStream(Files.newInputStream(out), md5)) {
                in.transferTo(OutputStream.nullOutputStream());
            }
            return HexFormat.of().formatHex(md5.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        } finally {
            Files.deleteIfExists(out);
        }
    }

    private static Path openH264;

    /** The OpenH264 decoder program, compiled with gcc on first use. */
    private static synchronized Path openH264Decoder() throws IOException {
        if (openH264 == null) {
            Path dir = Files.createTempDirectory("openh264dec");
            Path source = dir.resolve("openh264dec.c");
            try (InputStream in = MediaTools.class.getResourceAsStream("/openh264dec.c")) {
                if (in == null) {
                    throw new AssertionError("test resource openh264dec.c missing");
                }
                Files.copy(in, source);
            }
            Path binary = dir.resolve("openh264dec");
            run(List.of("gcc", "-O1", "-o", binary.toString(), source.toString(), "-lopenh264"));
            binary.toFile().deleteOnExit();
            source.toFile().deleteOnExit();
            dir.toFile().deleteOnExit();
            openH264 = binary;
        }
        return openH264;
    }

    /** The QP of each slice of an H.264 stream, read from its slice headers ({@link H264SliceQp}). */
    public static List<Integer> h264SliceQps(Path stream) throws IOException {
        return H264SliceQp.frameQps(Files.readAllBytes(stream));
    }

    /**
     * The QP of each slice of an H.265 stream read from its headers by dec265: the PPS
     * {@code init_qp} plus each slice's {@code slice_qp_delta} (one PPS assumed, as x265 writes).
     */
    public static List<Integer> h265SliceQps(Path stream) {
        String log = run(List.of(dec265(), "-q", "-d", stream.toString())).outputText();
        Matcher init = DEC265_INIT_QP.matcher(log);
        if (!init.find()) {
            throw new AssertionError("dec265 printed no pic_init_qp");
        }
        int initQp = Integer.parseInt(init.group(1));
        List<Integer> qps = new ArrayList<>();
        for (String slice : DEC265_SLICE.split(log)) {
            Matcher d = DEC265_SLICE_QP.matcher(slice);
            if (d.find()) {
                qps.add(initQp + Integer.parseInt(d.group(1)));
            }
        }
        return qps;
    }

    /** The dec265 executable: {@code dec265} or Debian's {@code libde265-dec265}. */
    public static String dec265() {
        for (String name : List.of("dec265", "libde265-dec265")) {
            for (String dir : System.getenv().getOrDefault("PATH", "/usr/bin").split(":")) {
                if (Files.isExecutable(Path.of(dir, name))) {
                    return Path.of(dir, name).toString();
                }
            }
        }
        throw new AssertionError("dec265 not found on PATH (Debian package libde265-examples)");
    }

    private static String format(Path stream) {
        String name = stream.getFileName().toString().toLowerCase(Locale.ROOT);
        if (name.endsWith(".h264") || name.endsWith(".264")) {
            return "h264";
        }
        if (name.endsWith(".h265") || name.endsWith(".265") || name.endsWith(".hevc")) {
            return "hevc";
        }
        if (name.endsWith(".mp4") || name.endsWith(".m4s")) {
            return "mov";
        }
        if (name.endsWith(".ts")) {
            return "mpegts";
        }
        if (name.endsWith(".m3u8")) {
            return "hls";
        }
        throw new IllegalArgumentException("name the stream .h264, .h265, .mp4, .ts or .m3u8: " + stream);
    }

    /** A finished tool run. */
    public record Result(byte[] stdout, byte[] stderr) {
        /** Standard output as UTF-8 text. */
        public String stdoutText() {
            return new String(stdout, StandardCharsets.UTF_8);
        }

        /** Standard error as UTF-8 text (where ffmpeg writes its log). */
        public String stderrText() {
            return new String(stderr, StandardCharsets.UTF_8);
        }

        /** Standard output, then standard error. */
        public String outputText() {
            return stdoutText() + "\n" + stderrText();
        }
    }

    /** {@link #run(List)} with the command given as arguments. */
    public static Result run(String... command) {
        return run(List.of(command));
    }

    /** Runs a command to completion; fails with its stderr on a non-zero exit. */
    public static Result run(List<String> command) {
        try {
            Process p = new ProcessBuilder(command).start();
            p.getOutputStream().close();
            CompletableFuture<byte[]> err = CompletableFuture.supplyAsync(() -> readAll(p.getErrorStream()));
            byte[] out = readAll(p.getInputStream());
            if (!p.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new AssertionError("timed out: " + command);
            }
            byte[] errBytes = err.join();
            if (p.exitValue() != 0) {
                throw new AssertionError(command.get(0) + " exited with " + p.exitValue() + ": "
                        + new String(errBytes, StandardCharsets.UTF_8));
            }
            return new Result(out, errBytes);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }

    private static byte[] readAll(InputStream in) {
        try (in) {
            ByteArrayOutputStream buf = new ByteArrayOutputStream();
            in.transferTo(buf);
            return buf.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
