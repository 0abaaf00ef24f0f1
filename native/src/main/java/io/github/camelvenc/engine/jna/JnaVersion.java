package io.github.camelvenc.engine.jna;

import com.sun.jna.Native;
import io.github.camelvenc.engine.VencException;

/**
 * The JNA version the engine runs with, checked once: every channel opens through
 * {@link io.github.camelvenc.engine.Encoders}, which calls {@link #require()} first, and the Camel
 * Quarkus extension runs {@link #problem(String)} on the application's JNA at build time, so an older
 * JNA fails with one message instead of a {@code NoSuchMethodError} in the middle of an encode.
 */
public final class JnaVersion {
    /** The oldest JNA the engine runs on: the one quarkus-bom 3.x manages. */
    public static final String MINIMUM = "5.8.0";

    private JnaVersion() {
    }

    /** The version of the JNA on the class path, e.g. {@code 5.8.0}. */
    public static String found() {
        return OnClassPath.FOUND;
    }

    /** Throws a {@link VencException} with the {@link #problem(String)} message when that JNA is too old. */
    public static void require() {
        if (OnClassPath.PROBLEM != null) {
            throw new VencException(OnClassPath.PROBLEM);
        }
    }

    /**
     * Why {@code version} cannot run the engine (naming the version found, the minimum and the pom line
     * that fixes it), or {@code null} when it is {@link #MINIMUM} or newer.
     */
    public static String problem(String version) {
        if (version != null && compare(version, MINIMUM) >= 0) {
            return null;
        }
        return "camel-venc needs JNA " + MINIMUM + " or newer, but found JNA " + version + " (net.java.dev.jna:jna)."
                + " Add to the <dependencyManagement> of your pom: <dependency><groupId>net.java.dev.jna</groupId>"
                + "<artifactId>jna</artifactId><version>" + MINIMUM + "</version></dependency>";
    }

    /** Compares dotted versions numerically, segment by segment; a suffix such as {@code -SNAPSHOT} is ignored. */
    static int compare(String a, String b) {
        String[] x = a.split("[.-]");
        String[] y = b.split("[.-]");
        for (int i = 0; i < Math.max(x.length, y.length); i++) {
            int c = Integer.compare(number(x, i), number(y, i));
            if (c != 0) {
                return c;
            }
        }
        return 0;
    }

    private static int number(String[] parts, int i) {
        if (i >= parts.length) {
            return 0;
        }
        String digits = parts[i].replaceAll("\\D.*", "");
        return digits.isEmpty() ? 0 : Integer.parseInt(digits);
    }

    /** Read once, on first use: {@link #problem(String)} alone neither loads nor initializes JNA. */
    private static final class OnClassPath {
        static final String FOUND = runtimeVersion();
        static final String PROBLEM = problem(FOUND);
    }

    /**
     * {@code Native.VERSION} read reflectively (as a compile-time constant, a plain reference would be
     * the version this class was compiled against, not the one it runs with), without the build note
     * some releases append ({@code "5.19.1 (b0)"}).
     */
    private static String runtimeVersion() {
        String version;
        try {
            version = String.valueOf(Native.class.getField("VERSION").get(null));
        } catch (ReflectiveOperationException e) {
            version = String.valueOf(Native.class.getPackage().getImplementationVersion());
        }
        return version.trim().split("\\s+")[0];
    }
}
