package io.github.camelvenc.engine.ascend;

import com.sun.jna.Native;
import com.sun.jna.NativeLibrary;

import java.io.File;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.UnaryOperator;

import io.github.camelvenc.engine.VencException;

/**
 * Finds and loads {@code libascendcl.so} and {@code libacl_dvpp_mpi.so}. Order: the explicit override
 * (system property {@code venc.acl.library} / {@code venc.himpi.library}, else environment variable
 * {@code VENC_ACL_LIBRARY} / {@code VENC_HIMPI_LIBRARY}; a file or a directory; when set, nothing else
 * is tried), then {@code $ASCEND_HOME_PATH}, the standard CANN install paths, the directories of
 * {@code LD_LIBRARY_PATH}, and last the system loader. When nothing loads, the exception lists every
 * place tried and why each failed.
 */
final class AscendLibraries {

    static final String ACL_NAME = "libascendcl.so";
    static final String HIMPI_NAME = "libacl_dvpp_mpi.so";
    static final String ACL_PROPERTY = "venc.acl.library";
    static final String HIMPI_PROPERTY = "venc.himpi.library";
    static final String ACL_ENV = "VENC_ACL_LIBRARY";
    static final String HIMPI_ENV = "VENC_HIMPI_LIBRARY";

    private static final String[] TOOLKIT_SUBDIRS = {"lib64", "runtime/lib64", "acllib/lib64",
        "aarch64-linux/lib64", "x86_64-linux/lib64"};
    private static final String[] STANDARD_ROOTS = {"/usr/local/Ascend/ascend-toolkit/latest",
        "/usr/local/Ascend/nnrt/latest", "/usr/local/Ascend/nnae/latest"};
    private static final String[] DRIVER_DIRS = {"/usr/local/Ascend/driver/lib64",
        "/usr/local/Ascend/driver/lib64/driver", "/usr/local/Ascend/driver/lib64/common"};

    final AclLibrary acl;
    final HiMpiLibrary himpi;
    final String aclPath;
    final String himpiPath;
    private final NativeLibrary aclNative;
    private final NativeLibrary himpiNative;
    private final Map<String, Boolean> symbols = new ConcurrentHashMap<>();

    private AscendLibraries(Loaded<AclLibrary> acl, Loaded<HiMpiLibrary> himpi) {
        this.acl = acl.lib;
        this.aclPath = acl.where;
        this.aclNative = NativeLibrary.getInstance(acl.name);
        this.himpi = himpi.lib;
        this.himpiPath = himpi.where;
        this.himpiNative = NativeLibrary.getInstance(himpi.name);
    }

    /** Whether {@code libacl_dvpp_mpi.so} exports {@code function} (older CANN releases lack some). */
    boolean has(String function) {
        return symbols.computeIfAbsent(function, f -> exports(himpiNative, f));
    }

    /** Whether {@code libascendcl.so} exports {@code function}. */
    boolean aclHas(String function) {
        return symbols.computeIfAbsent("acl:" + function, f -> exports(aclNative, function));
    }

    private static boolean exports(NativeLibrary lib, String function) {
        try {
            lib.getFunction(function);
            return true;
        } catch (UnsatisfiedLinkError e) {
            return false;
        }
    }

    /** Loads both libraries from the process environment and system properties. */
    static AscendLibraries load() {
        return load(System::getenv, System::getProperty);
    }

    /** Loads both libraries, looking them up with the given environment and system properties. */
    static AscendLibraries load(UnaryOperator<String> env, UnaryOperator<String> props) {
        List<String> tried = new ArrayList<>();
        Loaded<AclLibrary> acl = loadOne(AclLibrary.class, ACL_NAME, ACL_PROPERTY, ACL_ENV, env, props, tried);
        Loaded<HiMpiLibrary> himpi = acl == null ? null
                : loadOne(HiMpiLibrary.class, HIMPI_NAME, HIMPI_PROPERTY, HIMPI_ENV, env, props, tried);
        if (acl == null || himpi == null) {
            throw new VencException("The Ascend backend cannot load " + (acl == null ? ACL_NAME : HIMPI_NAME)
                    + ". Looked in: " + String.join("; ", tried) + ". Install CANN and source its set_env.sh (sets "
                    + "ASCEND_HOME_PATH and LD_LIBRARY_PATH), or point " + ACL_PROPERTY + "/" + ACL_ENV + " and "
                    + HIMPI_PROPERTY + "/" + HIMPI_ENV + " at the libraries (or at the simulator, see docs/ascend.md).");
        }
        return new AscendLibraries(acl, himpi);
    }

    /** The places tried for {@code name}, in order; an override makes it the only place. */
    static List<String> candidates(String name, String property, String envVar, UnaryOperator<String> env,
            UnaryOperator<String> props) {
        String override = props.apply(property);
        String source = "system property " + property;
        if (override == null || override.isBlank()) {
            override = env.apply(envVar);
            source = "environment variable " + envVar;
        }
        Set<String> out = new LinkedHashSet<>();
        if (override != null && !override.isBlank()) {
            File f = new File(override.trim());
            out.add((f.isDirectory() ? new File(f, name) : f).getPath() + " (" + source + ")");
            return new ArrayList<>(out);
        }
        String home = env.apply("ASCEND_HOME_PATH");
        if (home != null && !home.isBlank()) {
            for (String sub : TOOLKIT_SUBDIRS) {
                out.add(new File(new File(home.trim(), sub), name).getPath());
            }
        }
        for (String root : STANDARD_ROOTS) {
            for (String sub : TOOLKIT_SUBDIRS) {
                out.add(new File(new File(root, sub), name).getPath());
            }
        }
        for (String dir : DRIVER_DIRS) {
            out.add(new File(dir, name).getPath());
        }
        String ld = env.apply("LD_LIBRARY_PATH");
        if (ld != null) {
            for (String dir : ld.split(":")) {
                if (!dir.isBlank()) {
                    out.add(new File(dir.trim(), name).getPath());
                }
            }
        }
        out.add(name + " (system loader)");
        return new ArrayList<>(out);
    }

    private static <T extends com.sun.jna.Library> Loaded<T> loadOne(Class<T> type, String name, String property,
            String envVar, UnaryOperator<String> env, UnaryOperator<String> props, List<String> tried) {
        for (String candidate : candidates(name, property, envVar, env, props)) {
            int note = candidate.indexOf(" (");
            String path = note < 0 ? candidate : candidate.substring(0, note);
            boolean bare = candidate.endsWith("(system loader)");
            if (!bare && !new File(path).isFile()) {
                tried.add(candidate + ": absent");
                continue;
            }
            try {
                String loadName = bare ? name : path;
                return new Loaded<>(Native.load(loadName, type), bare ? name + " (system loader)" : path, loadName);
            } catch (UnsatisfiedLinkError e) {
                tried.add(candidate + ": " + e.getMessage().replace('\n', ' '));
            }
        }
        return null;
    }

    private record Loaded<T>(T lib, String where, String name) {
    }
}
