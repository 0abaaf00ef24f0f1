package io.github.camelvenc.engine.software;

import com.sun.jna.Native;
import com.sun.jna.NativeLibrary;
import com.sun.jna.Pointer;
import io.github.camelvenc.engine.VencException;

/**
 * Loads libx264 and libx265 once, checks that they are the supported builds and remembers why not
 * otherwise. Thread-safe: each library is loaded by the class-holder idiom on first use.
 */
final class NativeLibraries {

    private NativeLibraries() {
    }

    /** One library after the load attempt: the binding and a version text, or why it is unusable. */
    record Loaded<T>(T library, String version, String error) {

        boolean usable() {
            return library != null;
        }

        /** The binding, or a {@link VencException} telling why it could not be loaded. */
        T require() {
            if (library == null) {
                throw new VencException(error);
            }
            return library;
        }
    }

    static Loaded<X264Library> x264() {
        return X264Holder.LOADED;
    }

    static Loaded<X265Library> x265() {
        return X265Holder.LOADED;
    }

    private static final class X264Holder {
        static final Loaded<X264Library> LOADED = loadX264();
    }

    private static final class X265Holder {
        static final Loaded<X265Library> LOADED = loadX265();
    }

    private static Loaded<X264Library> loadX264() {
        if (Native.POINTER_SIZE != 8) {
            return new Loaded<>(null, null, "the x264 binding needs a 64-bit JVM (its structure offsets are LP64)");
        }
        NativeLibrary lib;
        try {
            lib = NativeLibrary.getInstance(X264Library.SONAME);
        } catch (UnsatisfiedLinkError e) {
            return new Loaded<>(null, null, "cannot load " + X264Library.SONAME
                    + " (install the libx264-164 package): " + e.getMessage());
        }
        try {
            lib.getFunction(X264Library.OPEN_SYMBOL);
        } catch (UnsatisfiedLinkError e) {
            return new Loaded<>(null, null, X264Library.SONAME + " does not export " + X264Library.OPEN_SYMBOL
                    + ": x264 build " + X264Library.BUILD + " is required");
        }
        X264Library binding = Native.load(X264Library.SONAME, X264Library.class);
        return new Loaded<>(binding, "x264 build " + X264Library.BUILD, null);
    }

    private static Loaded<X265Library> loadX265() {
        if (Native.POINTER_SIZE != 8) {
            return new Loaded<>(null, null, "the x265 binding needs a 64-bit JVM (its structure offsets are LP64)");
        }
        NativeLibrary lib;
        try {
            lib = NativeLibrary.getInstance(X265Library.SONAME);
        } catch (UnsatisfiedLinkError e) {
            return new Loaded<>(null, null, "cannot load " + X265Library.SONAME
                    + " (install the libx265-199 package): " + e.getMessage());
        }
        try {
            lib.getFunction(X265Library.OPEN_SYMBOL);
        } catch (UnsatisfiedLinkError e) {
            return new Loaded<>(null, null, X265Library.SONAME + " does not export " + X265Library.OPEN_SYMBOL
                    + ": x265 build " + X265Library.BUILD + " is required");
        }
        String version;
        try {
            Pointer text = lib.getGlobalVariableAddress("x265_version_str").getPointer(0);
            version = text == null ? "?" : text.getString(0);
        } catch (UnsatisfiedLinkError e) {
            version = "?";
        }
        X265Library binding = Native.load(X265Library.SONAME, X265Library.class);
        return new Loaded<>(binding, "x265 " + version + " build " + X265Library.BUILD, null);
    }
}
