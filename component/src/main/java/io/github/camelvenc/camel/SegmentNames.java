package io.github.camelvenc.camel;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/** File names of recorded segments: {@code <channel key>/<UTC start>.<ext>}, safe as a relative path. */
final class SegmentNames {
    private static final DateTimeFormatter START = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH-mm-ss")
            .withZone(ZoneOffset.UTC);

    private SegmentNames() {
    }

    /**
     * The name of the segment of channel {@code key} that starts at {@code start}: every character of
     * the key but ASCII letters, digits, {@code .}, {@code -} and {@code _} becomes {@code _}, and a
     * key of dots only ({@code .}, {@code ..}) becomes underscores, so the name never leaves its
     * directory.
     */
    static String name(String key, Instant start, String extension) {
        StringBuilder dir = new StringBuilder(key.length());
        for (int i = 0; i < key.length(); i++) {
            char c = key.charAt(i);
            boolean safe = c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '.' || c == '-'
                    || c == '_';
            dir.append(safe ? c : '_');
        }
        String d = dir.toString();
        if (d.isEmpty() || d.chars().allMatch(c -> c == '.')) {
            d = "_".repeat(Math.max(1, d.length()));
        }
        return d + "/" + START.format(start) + "." + extension;
    }
}
