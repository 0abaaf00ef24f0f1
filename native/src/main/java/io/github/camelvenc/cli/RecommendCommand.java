package io.github.camelvenc.cli;

import io.github.camelvenc.engine.BitRateRecommender;
import io.github.camelvenc.engine.BitRateRecommender.Recommendation;
import io.github.camelvenc.engine.BitRateRecommender.Resolution;
import io.github.camelvenc.engine.BitRateRecommender.Scenario;
import io.github.camelvenc.engine.BitRateRecommender.TypicalRates;
import io.github.camelvenc.engine.Codec;
import java.io.PrintStream;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * {@code venc recommend RESOLUTION [--scenario S] [--codec C] [--fps N]}: prints the VENC guide's
 * Table 1 advice for a picture class: the frame rate, the GOP and the bit-rate range (or N/A) of each
 * scenario and codec, or of the one scenario and codec asked for; and the typical average bit rates
 * of the {@code bit_rate} documentation where it has them.
 */
final class RecommendCommand {
    private final PrintStream stdout;

    RecommendCommand(PrintStream stdout) {
        this.stdout = stdout;
    }

    int run(String[] args) {
        String resolution = null;
        int fps = 30;
        List<Scenario> scenarios = List.of(Scenario.values());
        List<Codec> codecs = List.of(Codec.values());
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if (a.equals("-h") || a.equals("--help")) {
                stdout.print(String.join("\n",
                        "usage: venc recommend RESOLUTION [--scenario S] [--codec h264|h265] [--fps N]",
                        "",
                        "RESOLUTION  4K, 2K, 1080p, 720p, 480p, 576p, 270p, CIF, or a size the guide lists (1920x1080)",
                        "--scenario  video-data-obtaining, show-livestreaming-short-video (or livestreaming) or game",
                        "            (default: all three)",
                        "--codec     h264 or h265 (default: both)",
                        "--fps N     output frame rate for the typical average bit rates (default 30)",
                        "",
                        "Source: " + BitRateRecommender.SOURCE,
                        ""));
                return 0;
            }
            if (a.equals("--fps") || a.equals("--scenario") || a.equals("--codec")) {
                if (i + 1 >= args.length) {
                    throw new UsageException(a + " needs a value");
                }
                String v = args[++i];
                switch (a) {
                    case "--fps" -> fps = EngineOptions.parseInt("--fps", v);
                    case "--scenario" -> scenarios = List.of(Scenario.parse(v));
                    default -> codecs = List.of(Codec.parse(v));
                }
            } else if (a.startsWith("-")) {
                throw new UsageException("unknown option " + a + " (see venc recommend --help)");
            } else if (resolution == null) {
                resolution = a;
            } else {
                throw new UsageException("expected one RESOLUTION, got '" + resolution + "' and '" + a + "'");
            }
        }
        if (resolution == null) {
            throw new UsageException("RESOLUTION is required (see venc recommend --help)");
        }
        Resolution r = Resolution.parse(resolution);
        stdout.printf(Locale.ROOT, "%s: frame rate 25 or 30, GOP an integral multiple of the frame rate (25 or 50 at"
                + " 25 fps)%n", r.label());
        for (Scenario s : scenarios) {
            for (Codec c : codecs) {
                Recommendation rec = BitRateRecommender.recommend(r, s, c);
                stdout.printf(Locale.ROOT, "  %-32s %-5s %s%n", s.id(), c.id(), BitRateRecommender.range(rec));
            }
        }
        Optional<TypicalRates> typical = BitRateRecommender.typicalAverageBitRate(r, fps);
        if (typical.isPresent()) {
            TypicalRates t = typical.get();
            stdout.printf(Locale.ROOT, "typical average bit rate at %d fps: low < %d kbit/s, medium %d-%d kbit/s,"
                    + " high > %d kbit/s%n", fps, t.low()[1], t.medium()[0], t.medium()[1], t.high()[0]);
        }
        stdout.println("source: " + BitRateRecommender.SOURCE);
        return 0;
    }
}
