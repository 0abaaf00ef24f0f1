package io.github.camelvenc.engine.ascend;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The CANN toolkit version recorded in its install tree: {@code ascend_toolkit_install.info} (a
 * {@code version=8.1.RC1} line) under {@code $ASCEND_HOME_PATH} or its architecture directory.
 */
final class CannInstall {
    private static final List<String> INFO_FILES = List.of("ascend_toolkit_install.info",
            "aarch64-linux/ascend_toolkit_install.info", "x86_64-linux/ascend_toolkit_install.info");

    private CannInstall() {
    }

    /** The {@code version=} value, or {@code null} when no install info is readable. */
    static String toolkitVersion(String ascendHome) {
        if (ascendHome == null || ascendHome.isBlank()) {
            return null;
        }
        for (String name : INFO_FILES) {
            Path info = Path.of(ascendHome.trim(), name);
            if (!Files.isRegularFile(info)) {
                continue;
            }
            try {
                for (String line : Files.readAllLines(info, StandardCharsets.UTF_8)) {
                    if (line.startsWith("version=")) {
                        return line.substring("version=".length()).trim();
                    }
                }
            } catch (IOException e) {
                return null;
            }
        }
        return null;
    }
}
