package io.github.camelvenc.cli;

import io.github.camelvenc.engine.Channel;
import io.github.camelvenc.engine.ChannelConfig;
import io.github.camelvenc.engine.ChannelStats;
import io.github.camelvenc.engine.Encoders;
import io.github.camelvenc.engine.Frame;
import io.github.camelvenc.engine.Packet;
import io.github.camelvenc.engine.PacketSink;
import io.github.camelvenc.engine.PixelFormat;
import io.github.camelvenc.engine.Presets;
import io.github.camelvenc.engine.UserText;
import io.github.camelvenc.engine.VencException;
import io.github.camelvenc.engine.io.ClipReader;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.FileInputStream;
import java.io.FileNotFoundException;
import java.io.FilterInputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code venc encode}: reads a whole clip (raw NV12/NV21, or Y4M 4:2:0), encodes it on one channel
 * and writes the Annex-B elementary stream. Whole-clip use: {@code lowLatency} is false unless given.
 * Input is streamed frame by frame; a raw file whose size is not a whole number of frames is
 * rejected before anything is encoded. INPUT and OUTPUT must be different files; OUTPUT is written
 * through {@link OutputFile}, so a failure never destroys an existing file.
 */
final class EncodeCommand {

    /** Short flags of the synopsis, mapped to the engine option they stand for. */
    private static final Map<String, String> ALIASES = Map.of(
            "pix-fmt", "pixel-format",
            "rc", "rc-mode",
            "bitrate", "bit-rate",
            "max-bitrate", "max-bit-rate");
    private static final byte[] Y4M_MAGIC = "YUV4MPEG2".getBytes(StandardCharsets.US_ASCII);
    private static final int IO_BUFFER = 1 << 20;

    private final InputStream stdin;
    private final PrintStream stdout;
    private final PrintStream stderr;

    EncodeCommand(InputStream stdin, PrintStream stdout, PrintStream stderr) {
        this.stdin = stdin;
        this.stdout = stdout;
        this.stderr = stderr;
    }

    int run(String[] args) throws IOException {
        Map<String, String> flags = new LinkedHashMap<>();
        List<String> positional = new ArrayList<>();
        if (parse(args, flags, positional)) {
            stdout.print(help());
            return 0;
        }
        if (positional.size() != 2) {
            throw new UsageException("expected INPUT and OUTPUT, got " + positional.size() + " argument(s) "
                    + UserText.printable(positional.toString()) + " (see venc encode --help)");
        }
        String input = positional.get(0);
        String output = positional.get(1);
        boolean preset = flags.containsKey("preset");
        if (!preset && !flags.containsKey("codec")) {
            throw new UsageException("--codec h264|h265 is required");
        }

        ChannelConfig.Builder builder = ChannelConfig.builder();
        for (Map.Entry<String, String> e : flags.entrySet()) {
            switch (e.getKey()) {
                case "size":
                    int[] wh = parseSize(e.getValue());
                    builder.width(wh[0]).height(wh[1]);
                    break;
                case "fps":
                    builder.srcFrameRate(EngineOptions.parseInt("--fps", e.getValue()));
                    break;
                default:
                    EngineOptions.apply(builder, EngineOptions.find(e.getKey()), e.getValue());
                    break;
            }
        }
        if (!flags.containsKey("low-latency")) {
            builder.lowLatency(false);
        }
        boolean sizeGiven = flags.containsKey("size") || flags.containsKey("width") || flags.containsKey("height");
        boolean fpsGiven = flags.containsKey("fps") || flags.containsKey("src-frame-rate");

        Path inputPath = input.equals("-") ? null : Paths.get(input);
        Path outputPath = output.equals("-") ? null : Paths.get(output);
        OutputFile.requireDistinct(inputPath, outputPath);
        Input opened = openInput(inputPath, input.toLowerCase(Locale.ROOT).endsWith(".y4m"));
        try (InputStream in = opened.stream()) {
            boolean y4m = opened.y4m();
            ClipReader reader;
            ChannelConfig config;
            if (y4m) {
                reader = ClipReader.y4m(in);
                int[] header = {reader.width(), reader.height()};
                int[] given = {
                    flags.containsKey("width") ? EngineOptions.parseInt("--width", flags.get("width")) : header[0],
                    flags.containsKey("height") ? EngineOptions.parseInt("--height", flags.get("height")) : header[1]};
                if (flags.containsKey("size")) {
                    given = parseSize(flags.get("size"));
                }
                if (!Arrays.equals(given, header)) {
                    throw new UsageException("size " + given[0] + "x" + given[1] + " does not match the Y4M header ("
                            + header[0] + "x" + header[1] + ")");
                }
                if (flags.containsKey("pixel-format")
                        && PixelFormat.parse(flags.get("pixel-format")) != PixelFormat.NV12) {
                    throw new UsageException("--pix-fmt applies to raw input; Y4M input is read as NV12");
                }
                builder.width(reader.width()).height(reader.height());
                if (!fpsGiven) {
                    builder.srcFrameRate(reader.frameRate(30));
                }
                config = builder.build();
            } else {
                if (!preset && !sizeGiven) {
                    throw new UsageException("--size WxH is required for raw input");
                }
                if (!preset && !fpsGiven) {
                    throw new UsageException("--fps N is required for raw input");
                }
                config = builder.build();
                if (inputPath != null) {
                    checkWholeFrames(inputPath, config);
                }
                reader = ClipReader.raw(in, config.width(), config.height(), config.pixelFormat(),
                        config.srcFrameRate());
            }
            return encode(reader, config, input, outputPath);
        }
    }

    /**
     * Reads the first frame before creating anything (an input that holds no frame, or ends inside
     * the first, costs no output file and no encoder), then opens OUTPUT and the channel.
     */
    private int encode(ClipReader reader, ChannelConfig config, String input, Path outputPath) throws IOException {
        Frame frame = reader.next();
        if (frame == null) {
            throw new VencException("INPUT " + input + " holds no frames");
        }
        long start = System.nanoTime();
        ChannelStats stats;
        String backend;
        try (OutputFile file = outputPath == null ? null : OutputFile.open(outputPath)) {
            String name = outputPath == null ? "standard output" : outputPath.toString();
            StreamSink sink = new StreamSink(name,
                    file == null ? new BufferedOutputStream(new NonClosingOut(stdout), IO_BUFFER) : file.stream());
            try (Channel channel = Encoders.open(config, sink)) {
                backend = channel.backendName();
                do {
                    channel.send(frame);
                    sink.check();
                } while ((frame = reader.next()) != null);
                channel.flush();
                sink.check();
                stats = channel.stats();
            }
            sink.check();
            if (file == null) {
                sink.out.close();
            } else {
                file.commit();
            }
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        double clipSeconds = (double) stats.framesIn() / config.srcFrameRate();
        double kbps = stats.bytesOut() * 8 / 1000.0 / clipSeconds;
        PrintStream summary = outputPath == null ? stderr : stdout;
        summary.printf(Locale.ROOT, "%d frames in, %d out, %d dropped, %d bytes, %.1f kbit/s, %.1f fps [%s]%n",
                stats.framesIn(), stats.framesOut(), stats.framesDropped(), stats.bytesOut(), kbps,
                stats.framesIn() / seconds, backend);
        return 0;
    }

    /** Reads the flags; returns true when help was asked for. */
    private static boolean parse(String[] args, Map<String, String> flags, List<String> positional) {
        boolean onlyPositional = false;
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if (onlyPositional || a.equals("-") || !a.startsWith("-")) {
                positional.add(a);
                continue;
            }
            if (a.equals("-h") || a.equals("--help")) {
                return true;
            }
            if (a.equals("--")) {
                onlyPositional = true;
                continue;
            }
            if (!a.startsWith("--")) {
                throw new UsageException("unknown option " + UserText.printable(a) + " (see venc encode --help)");
            }
            String name = a.substring(2);
            String value;
            int eq = name.indexOf('=');
            if (eq >= 0) {
                value = name.substring(eq + 1);
                name = name.substring(0, eq);
            } else if (i + 1 < args.length) {
                value = args[++i];
            } else {
                throw new UsageException("--" + UserText.printable(name) + " needs a value");
            }
            String canonical = ALIASES.getOrDefault(name, name);
            if (!canonical.equals("size") && !canonical.equals("fps") && EngineOptions.find(canonical) == null) {
                throw new UsageException("unknown option --" + UserText.printable(name) + " (see venc encode --help)");
            }
            if (flags.put(canonical, value) != null) {
                throw new UsageException("option --" + name + " given twice"
                        + (canonical.equals(name) ? "" : " (it is --" + canonical + ")"));
            }
        }
        return false;
    }

    static int[] parseSize(String text) {
        String[] parts = text.toLowerCase(Locale.ROOT).split("x", -1);
        if (parts.length != 2) {
            throw new UsageException("--size expects WxH, e.g. 1280x720, got " + UserText.quote(text));
        }
        return new int[] {EngineOptions.parseInt("--size width", parts[0]),
            EngineOptions.parseInt("--size height", parts[1])};
    }

    private static void checkWholeFrames(Path path, ChannelConfig config) throws IOException {
        if (!Files.isRegularFile(path)) {
            return;
        }
        long size = Files.size(path);
        long frameSize = config.frameSize();
        if (size == 0) {
            throw new VencException("INPUT " + path + " is empty");
        }
        if (size % frameSize != 0) {
            throw new VencException("INPUT " + path + " ends inside a frame: " + size + " bytes is " + size / frameSize
                    + " whole " + config.width() + "x" + config.height() + " frames of " + frameSize
                    + " bytes plus " + size % frameSize + " bytes");
        }
    }

    /** The opened INPUT and whether it is Y4M. */
    private record Input(InputStream stream, boolean y4m) {
    }

    /**
     * A Y4M input (by its magic, or by name) comes back buffered; a raw file comes back as the bare
     * {@link FileInputStream}, which {@link ClipReader} reads straight into its direct buffer.
     */
    private Input openInput(Path path, boolean y4mName) throws IOException {
        if (path == null) {
            InputStream in = new BufferedInputStream(new NonClosing(stdin), IO_BUFFER);
            return new Input(in, y4mName || startsWithY4mMagic(in));
        }
        if (Files.isDirectory(path)) {
            throw new IOException("cannot open INPUT " + path + ": is a directory");
        }
        FileInputStream file;
        try {
            file = new FileInputStream(path.toFile());
        } catch (FileNotFoundException e) {
            throw new IOException("cannot open INPUT " + path + ": "
                    + (Files.exists(path) ? OutputFile.reason(e) : "no such file"), e);
        }
        try {
            ByteBuffer head = ByteBuffer.allocate(Y4M_MAGIC.length);
            int n;
            do {
                n = file.getChannel().read(head, head.position());
            } while (n > 0 && head.hasRemaining());
            if (y4mName || Arrays.equals(head.array(), Y4M_MAGIC)) {
                return new Input(new BufferedInputStream(file, IO_BUFFER), true);
            }
            return new Input(file, false);
        } catch (IOException e) {
            file.close();
            throw new IOException("cannot read INPUT " + path + ": " + OutputFile.reason(e), e);
        }
    }

    private static boolean startsWithY4mMagic(InputStream in) throws IOException {
        in.mark(Y4M_MAGIC.length);
        byte[] head = in.readNBytes(Y4M_MAGIC.length);
        in.reset();
        return Arrays.equals(head, Y4M_MAGIC);
    }

    static String help() {
        StringBuilder sb = new StringBuilder();
        sb.append(String.join("\n",
                "usage: venc encode --codec h264|h265 --size WxH --fps N [options] INPUT OUTPUT",
                "",
                "INPUT   raw NV12/NV21 frames (frame count = file size / frame size) or a .y4m file",
                "        (4:2:0; size and frame rate from its header); '-' reads standard input.",
                "OUTPUT  Annex-B H.264/H.265 elementary stream; '-' writes standard output. A file is",
                "        written to a temporary file next to it and renamed over it on success (on failure",
                "        an existing OUTPUT is left as it was); devices and FIFOs are written in place.",
                "        INPUT and OUTPUT must be different files.",
                "",
                "Prints one summary line (frames in, out, dropped, bytes, average kbit/s, encoding fps) on",
                "standard output, or on standard error when OUTPUT is '-'. Exit status 0 on success, 1 when",
                "encoding fails, 2 when the command line is wrong; errors are one line on standard error.",
                "",
                "Main options:",
                "  --codec h264|h265          codec (required unless --preset gives it)",
                "  --size WxH                 picture size (raw input; checked against a Y4M header)",
                "  --fps N                    input frame rate (raw input; overrides a Y4M header)",
                "  --pix-fmt nv12|nv21        raw input layout (default nv12)",
                "  --rc CBR|VBR|AVBR|QVBR|CVBR|FIXQP   rate control (default CBR)",
                "  --bitrate KBPS             CBR bit rate, kbit/s (default 2000)",
                "  --max-bitrate KBPS         VBR/AVBR/CVBR cap, kbit/s",
                "  --gop N                    frames between IDRs (default 30)",
                "  --preset NAME              VENC tuning-guide preset: "
                        + String.join(", ", Presets.names()),
                "  --backend auto|software|ascend",
                "  --sw-preset ultrafast..veryslow   x264/x265 speed preset (default veryfast)",
                "  --threads N                software encoder threads, 0 = automatic",
                "  --low-latency true|false   per-frame mode (default false here: whole-clip throughput)",
                "",
                "Every engine option (ChannelConfig.Builder) as --kebab-case, also as --name=value:",
                ""));
        for (EngineOptions.Option o : EngineOptions.all()) {
            sb.append(String.format(Locale.ROOT, "  --%-26s %s%n", o.flag(), o.valueHint()));
        }
        return sb.toString();
    }

    /** Writes packets to the output; remembers the first failure for the sending thread to raise. */
    static final class StreamSink implements PacketSink {
        private final String name;
        private final OutputStream out;
        private IOException ioError;
        private VencException encodeError;

        StreamSink(String name, OutputStream out) {
            this.name = name;
            this.out = out;
        }

        @Override
        public void onPacket(Packet packet) {
            if (packet.isDropped() || ioError != null) {
                return;
            }
            try {
                out.write(packet.data());
            } catch (IOException e) {
                ioError = e;
            }
        }

        @Override
        public void onError(long frameIndex, long pts, VencException error) {
            if (encodeError == null) {
                encodeError = new VencException("encoding failed on frame " + frameIndex + ": " + error.getMessage(),
                        error);
            }
        }

        void check() throws IOException {
            if (ioError != null) {
                throw new IOException("cannot write " + name + ": " + OutputFile.reason(ioError), ioError);
            }
            if (encodeError != null) {
                throw encodeError;
            }
        }
    }

    /** Standard input that the command does not close. */
    private static final class NonClosing extends FilterInputStream {
        NonClosing(InputStream in) {
            super(in);
        }

        @Override
        public void close() {
        }
    }

    /** Standard output that the command flushes but does not close. */
    private static final class NonClosingOut extends FilterOutputStream {
        NonClosingOut(OutputStream out) {
            super(out);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            out.write(b, off, len);
        }

        @Override
        public void close() throws IOException {
            out.flush();
            if (out instanceof PrintStream ps && ps.checkError()) {
                throw new IOException("cannot write standard output");
            }
        }
    }
}
