package io.github.camelvenc.engine.ascend;

import io.github.camelvenc.engine.VencException;

/**
 * A HiMPI or ACL function returned an error. The message names the function, the code in hex,
 * its {@code HI_ERR_*}/{@code ACL_ERROR_*} name and meaning, and what the backend was doing.
 */
public class AscendException extends VencException {
    private static final long serialVersionUID = 1L;

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

    /** Throws when {@code rc} is not 0. */
    static void check(String function, int rc, String context) {
        if (rc != 0) {
            throw new AscendException(function, rc, context);
        }
    }
}
