package io.github.camelvenc.cli;

import io.github.camelvenc.engine.Encoders;
import io.github.camelvenc.engine.InvalidConfigException;
import io.github.camelvenc.engine.UserText;
import io.github.camelvenc.engine.VencException;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Entry point of {@code bin/venc}: {@code venc encode ...}, {@code venc bench ...},
 * {@code venc recommend ...}, {@code venc doctor ...}. Every error ends the process with a non-zero status and one line on
 * standard error starting with {@code venc: }; status 2 means the command line was wrong, status 1
 * that running it failed (an invalid option value is a command-line error). The engine's informational logging is off unless {@code -v} comes first.
 */
public final class Venc {

    /** Exit status of a command line that cannot be run. */
    static final int USAGE = 2;
    /** Exit status of a command that failed while running. */
    static final int FAILURE = 1;

    /**
     * The engine's channel-open log: backend selection (INFO) and the VENC guide's bit-rate warning,
     * both shown only with {@code -v} ({@code venc recommend} prints the guide's ranges). Held here so
     * that its level stays set.
     */
    private static final Logger ENCODERS_LOG = Logger.getLogger(Encoders.class.getName());

    private Venc() {
    }

    public static void main(String[] args) {
        String[] rest = args;
        if (args.length > 0 && (args[0].equals("-v") || args[0].equals("--verbose"))) {
            rest = Arrays.copyOfRange(args, 1, args.length);
        } else {
            Logger.getLogger("").setLevel(Level.WARNING);
            ENCODERS_LOG.setLevel(Level.SEVERE);
        }
        int status = run(rest, System.in, System.out, System.err);
        System.out.flush();
        System.exit(status);
    }

    /**
     * Runs one command in this process.
     *
     * @param stdin  what {@code -} as INPUT reads
     * @param stdout what {@code -} as OUTPUT writes, and where help and tables go
     * @param stderr where errors go (and the summary line when OUTPUT is {@code -})
     * @return the exit status: 0 success, 1 failure, 2 bad command line
     */
    public static int run(String[] args, InputStream stdin, PrintStream stdout, PrintStream stderr) {
        if (args.length == 0) {
            stderr.print(usage());
            return USAGE;
        }
        String command = args[0];
        String[] rest = Arrays.copyOfRange(args, 1, args.length);
        try {
            switch (command) {
                case "-h":
                case "--help":
                case "help":
                    stdout.print(usage());
                    return 0;
                case "encode":
                    return new EncodeCommand(stdin, stdout, stderr).run(rest);
                case "bench":
                    if (rest.length > 0 && rest[0].equals("--quality")) {
                        return new QualityBench(stdout, stderr).run(Arrays.copyOfRange(rest, 1, rest.length));
                    }
                    return new BenchCommand(stdout, stderr).run(rest);
                case "recommend":
                    return new RecommendCommand(stdout).run(rest);
                case "doctor":
                    return new DoctorCommand(stdout).run(rest);
                default:
                    throw new UsageException("unknown command " + UserText.quote(command)
                            + " (expected encode, bench, recommend or doctor; see venc --help)");
            }
        } catch (InvalidConfigException e) {
            stderr.println("venc: " + oneLine(e.getMessage()) + " [--" + EngineOptions.kebab(e.option()) + "]");
            return USAGE;
        } catch (UsageException e) {
            stderr.println("venc: " + oneLine(e.getMessage()));
            return USAGE;
        } catch (VencException | IOException | UncheckedIOException e) {
            stderr.println("venc: " + oneLine(e.getMessage()));
            return FAILURE;
        } catch (RuntimeException e) {
            stderr.println("venc: " + oneLine(e.getClass().getSimpleName() + ": " + e.getMessage()));
            return FAILURE;
        }
    }

    static String oneLine(String message) {
        return message == null ? "unknown error" : message.replace('\n', ' ').replace('\r', ' ').strip();
    }

    static String usage() {
        return String.join("\n",
                "usage: venc [-v] COMMAND [OPTIONS]",
                "",
                "Commands:",
                "  encode   encode a raw NV12/NV21 or Y4M clip to an H.264/H.265 elementary stream",
                "           venc encode --codec h264|h265 --size WxH --fps N [options] INPUT OUTPUT",
                "  bench    compare the engine with the ffmpeg CLI on 720p and 1080p clips (speed), or with",
                "           --quality every rc mode's bit rate, PSNR and SSIM",
                "  recommend  print the VENC tuning guide's recommendation for a picture size",
                "  doctor   self-test of the Ascend VENC on this machine (paste its output into a bug report)",
                "           venc doctor [--backend ascend] [--device N]",
                "",
                "  -v, --verbose  show the engine's informational log (backend selection) and the VENC",
                "                 guide's warning for a bit rate outside its range (see venc recommend)",
                "",
                "Run 'venc COMMAND --help' for the options of a command.",
                "");
    }
}
