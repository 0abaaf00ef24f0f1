package io.github.camelvenc.engine.ascend;

import io.github.camelvenc.engine.VencException;
import java.util.function.IntSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A HiMPI or ACL function returned an error. The message names the function, the code in hex,
 * its {@code HI_ERR_*}/{@code ACL_ERROR_*} name and meaning, and what the backend was doing.
 */
public class AscendException extends VencException {
    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(AscendException.class);

    private final String function;
    private final int code;

    public AscendException(String function, int code, String context) {
        super(function + " failed with " + HiMpiErrors.describe(code) + (context.isEmpty() ? "" : ": " + context));
        this.function = function;
        this.code = code;
    }

    /** The C function that failed, e.g. {@code hi_mpi_venc_create_chn}. */
    public String function() {
        return function;
    }

    /** The raw return code (HiMPI codes are negative as Java ints). */
    public int code() {
        return code;
    }

    /**
     * Runs a teardown call, retrying it once when it fails (a transient failure must not leak the
     * resource); the first failure is logged, a second one is thrown with the first suppressed.
     */
    static void teardown(String function, IntSupplier call, String context) {
        int rc = call.getAsInt();
        if (rc == 0) {
            return;
        }
        AscendException first = new AscendException(function, rc, context);
        LOG.warn(first.getMessage() + "; retrying once");
        rc = call.getAsInt();
        if (rc != 0) {
            AscendException second = new AscendException(function, rc, context + " (retried once)");
            second.addSuppressed(first);
            throw second;
        }
    }

    /** Throws when {@code rc} is not 0. */
    static void check(String function, int rc, String context) {
        if (rc != 0) {
            throw new AscendException(function, rc, context);
        }
    }

    /**
     * Runs one cleanup step even after an earlier failure: returns {@code first}, with the step's
     * failure (an exception or an Error) added as suppressed, or the step's failure when there was none.
     */
    static Throwable keep(Throwable first, Runnable step) {
        try {
            step.run();
        } catch (RuntimeException | Error e) {
            if (first == null) {
                return e;
            }
            if (first != e) {
                first.addSuppressed(e);
            }
        }
        return first;
    }

    /** Throws {@code failure}, the result of {@link #keep}, when there is one. */
    static void rethrow(Throwable failure) {
        if (failure instanceof Error e) {
            throw e;
        }
        if (failure != null) {
            throw (RuntimeException) failure;
        }
    }
}
