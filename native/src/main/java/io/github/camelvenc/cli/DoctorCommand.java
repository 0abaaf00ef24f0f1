package io.github.camelvenc.cli;

import io.github.camelvenc.engine.UserText;
import io.github.camelvenc.engine.ascend.AscendDoctor;
import java.io.PrintStream;

/**
 * {@code venc doctor [--backend ascend] [--device N]}: the board self-test a board owner runs and pastes
 * into a bug report (see docs/ascend.md). Exit status 0 only when H.264 and H.265 both decode with
 * IDRs where expected.
 */
final class DoctorCommand {
    private final PrintStream stdout;

    DoctorCommand(PrintStream stdout) {
        this.stdout = stdout;
    }

    int run(String[] args) {
        int device = 0;
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            switch (a) {
                case "-h", "--help" -> {
                    stdout.print(String.join("\n",
                            "usage: venc doctor [--backend ascend] [--device N]",
                            "",
                            "Checks the Ascend VENC on this machine: where the libraries were looked for, the CANN",
                            "version, SoC, run mode and device count, then the VENC guide's 17 steps on a 64-frame",
                            "1280x720 clip for H.264 and H.265 (each step's return code and time, the packs of the",
                            "first IDR, and whether ffprobe decodes the output with IDRs at frames 0, 30 and 60).",
                            "Exit status 0 only when both codecs pass.",
                            "",
                            "--backend ascend  the backend to check (the only one; the software backend needs no doctor)",
                            "--device N        the device id (default 0)",
                            ""));
                    return 0;
                }
                case "--backend" -> {
                    String b = value(args, i++, a);
                    if (!b.equals("ascend")) {
                        throw new UsageException("venc doctor checks the ascend backend, not " + UserText.quote(b));
                    }
                }
                case "--device" -> device = EngineOptions.parseInt("--device", value(args, i++, a));
                default -> throw new UsageException("unknown option " + UserText.quote(a) + " (see venc doctor --help)");
            }
        }
        if (device < 0) {
            throw new UsageException("--device must be 0 or more, got " + device);
        }
        return AscendDoctor.run(stdout, device);
    }

    private static String value(String[] args, int i, String option) {
        if (i + 1 >= args.length) {
            throw new UsageException(option + " needs a value");
        }
        return args[i + 1];
    }
}
