package io.github.camelvenc.cli;

import io.github.camelvenc.engine.BitRateRecommender;
import io.github.camelvenc.engine.BitRateRecommender.Recommendation;
import io.github.camelvenc.engine.BitRateRecommender.Resolution;
import io.github.camelvenc.engine.BitRateRecommender.Scenario;
import io.github.camelvenc.engine.BitRateRecommender.TypicalRates;
import io.github.camelvenc.engine.Codec;
import java.io.PrintStream;
import java.util.Locale;
import java.util.Optional;

/**
 * {@code venc recommend RESOLUTION [--fps N]}: prints the VENC documentation's advice for a picture
 * class (every scenario and codec cell) and its typical average bit rates where the documentation has
 * them.
 */
final class RecommendCommand {
    private final PrintStream stdout;

    RecommendCommand(PrintStream stdout) {
        this.stdout = stdout;
    }

    int run(String[] args) {
        String resolution = null;
        int fps = 30;
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if (a.equals("-h") || a.equals("--help")) {
                stdout.print(String.join("\n",
                        "usage: venc recommend RESOLUTION [--fps N]",
                        "",
                        "RESOLUTION  4K, 2K, 1080p, 720p, 480p, 576p, 270p, CIF, or a size the guide lists (1920x1080)",
                        "--fps N     output frame rate for the typical average bit rates (default 30)",
                        "",
                        "Source: " + BitRateRecommender.SOURCE,
                        ""));
                return 0;
            }
            if (a.equals("--fps")) {
                if (i + 1 >= args.length) {
                    throw new UsageException("--fps needs a value");
                }
                fps = EngineOptions.parseInt("--fps", args[++i]);
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
        stdout.printf(Locale.ROOT, "%s: frame rate 25 or 30, GOP an integer multiple of the frame rate%n", r.label());
        for (Scenario s : Scenario.values()) {
            for (Codec c : Codec.values()) {
                Recommendation rec = BitRateRecommender.recommend(r, s, c);
                String value;
                switch (rec.status()) {
                    case RANGE:
                        value = rec.minKbps() + "-" + rec.maxKbps() + " kbit/s";
                        break;
                    case NOT_APPLICABLE:
                        value = "N/A";
                        break;
                    default:
                        value = "not retrieved from the guide";
                        break;
                }
                stdout.printf(Locale.ROOT, "  %-32s %-5s %s%n", s.name().toLowerCase(Locale.ROOT).replace('_', '-'),
                        c.id(), value);
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
