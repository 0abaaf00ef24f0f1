package io.github.camelvenc.engine;

import java.util.function.Function;

/**
 * Text that came from a user (a command line, a clip header, a query parameter, a message property),
 * made safe to put in an error message, and integers parsed from it so that a bad value is reported
 * as the text that was given: never as what an overflowing parser made of it ({@code 99999999999}
 * is not {@code 1215752191}) nor as a default ({@code abc} is not {@code 0}).
 */
public final class UserText {
    /** At most this many characters of a value are quoted in a message; longer values are cut. */
    public static final int MAX_QUOTED = 80;

    private UserText() {
    }

    /**
     * The text between single quotes, made {@linkplain #printable printable}; a cut value reads
     * {@code '1111...1111'... (500 characters)}.
     */
    public static String quote(CharSequence text) {
        return text == null ? "(none)" : "'" + head(text) + "'" + cut(text);
    }

    /**
     * The text with control characters, quotes, backslashes and anything outside printable ASCII
     * escaped ({@code \n}, {@code \x07}, {@code \xe9}; a {@code \\u} escape beyond Latin-1), cut
     * after {@link #MAX_QUOTED} characters with {@code ...} and the full length.
     */
    public static String printable(CharSequence text) {
        return head(text) + cut(text);
    }

    private static String head(CharSequence text) {
        int n = Math.min(text.length(), MAX_QUOTED);
        StringBuilder sb = new StringBuilder(n + 16);
        for (int i = 0; i < n; i++) {
            escape(sb, text.charAt(i));
        }
        return sb.toString();
    }

    private static String cut(CharSequence text) {
        return text.length() > MAX_QUOTED ? "... (" + text.length() + " characters)" : "";
    }

    /** {@link #quote(CharSequence)} of bytes read as ISO-8859-1 (one character per byte). */
    public static String quote(byte[] bytes, int offset, int length) {
        StringBuilder sb = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            sb.append((char) (bytes[offset + i] & 0xff));
        }
        return quote(sb);
    }

    private static void escape(StringBuilder sb, char c) {
        switch (c) {
            case '\n':
                sb.append("\\n");
                return;
            case '\r':
                sb.append("\\r");
                return;
            case '\t':
                sb.append("\\t");
                return;
            case '\'':
            case '\\':
                sb.append('\\').append(c);
                return;
            default:
                break;
        }
        if (c >= 0x20 && c < 0x7f) {
            sb.append(c);
        } else if (c < 0x100) {
            sb.append(String.format("\\x%02x", (int) c));
        } else {
            sb.append(String.format("\\u%04x", (int) c));
        }
    }

    /**
     * Parses a decimal integer (optional sign, surrounding blanks ignored) in {@code [min, max]}.
     *
     * @param what  what the value is, for the message ({@code "bitRate"}, {@code "Y4M width"})
     * @param error makes the exception thrown for a bad value from its message, which names
     *              {@code what}, quotes the text as given and says why: not an integer, negative,
     *              or outside the range
     */
    public static int parseInt(String what, String text, int min, int max,
            Function<String, ? extends RuntimeException> error) {
        return (int) parseLong(what, text, min, max, error);
    }

    /** {@link #parseInt} for {@code long} values. */
    public static long parseLong(String what, String text, long min, long max,
            Function<String, ? extends RuntimeException> error) {
        String t = text == null ? "" : text.strip();
        int digits = t.startsWith("-") || t.startsWith("+") ? 1 : 0;
        boolean number = t.length() > digits;
        for (int i = digits; i < t.length() && number; i++) {
            number = t.charAt(i) >= '0' && t.charAt(i) <= '9';
        }
        if (!number) {
            throw error.apply(what + " " + quote(text) + " is not an integer" + range(min, max));
        }
        boolean negative = t.charAt(0) == '-';
        long value;
        try {
            value = Long.parseLong(t);
        } catch (NumberFormatException e) {
            throw error.apply(what + " " + quote(text) + " is " + (negative ? "too small" : "too large")
                    + range(min, max));
        }
        if (value < min || value > max) {
            String why = negative && min >= 0 ? "negative" : value < min ? "too small" : "too large";
            throw error.apply(what + " " + quote(text) + " is " + why + range(min, max));
        }
        return value;
    }

    private static String range(long min, long max) {
        if (min == Integer.MIN_VALUE && max == Integer.MAX_VALUE || min == Long.MIN_VALUE && max == Long.MAX_VALUE) {
            return "";
        }
        return " (allowed: [" + min + ", " + max + "])";
    }
}
