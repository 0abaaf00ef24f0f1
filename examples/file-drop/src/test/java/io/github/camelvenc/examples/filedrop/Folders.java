package io.github.camelvenc.examples.filedrop;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/** Test folders under {@code target/} and the configuration that points the application at them. */
final class Folders {

    private Folders() {
    }

    /** Deletes and recreates {@code target/<name>}, with an empty {@code inbox} and {@code outbox}. */
    static Path fresh(String name) {
        Path base = Path.of("target", name).toAbsolutePath();
        try {
            if (Files.exists(base)) {
                try (Stream<Path> all = Files.walk(base)) {
                    for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
                        Files.delete(p);
                    }
                }
            }
            Files.createDirectories(base.resolve("inbox"));
            Files.createDirectories(base.resolve("outbox"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return base;
    }

    /** Configuration for a test run in {@code base}: short quiet period, fast software encoding. */
    static Map<String, String> config(Path base) {
        return Map.of(
                "file-drop.inbox", base.resolve("inbox").toString(),
                "file-drop.outbox", base.resolve("outbox").toString(),
                "file-drop.quiet-period", "300ms",
                "file-drop.poll-interval", "200ms",
                "camel.component.venc.backend", "software",
                "camel.component.venc.swPreset", "ultrafast");
    }

    /** Regular files directly in {@code dir}, by name. */
    static List<String> files(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(Files::isRegularFile).map(p -> p.getFileName().toString()).sorted().toList();
        }
    }
}
