package io.github.camelvenc.engine;

/** A valid option value that the selected backend cannot honour. */
public class UnsupportedOptionException extends VencException {
    private static final long serialVersionUID = 1L;

    private final String option;
    private final String backend;

    public UnsupportedOptionException(String option, Object value, String backend, String why) {
        super("Option '" + option + "'=" + value + " is unsupported on the " + backend + " backend: " + why);
        this.option = option;
        this.backend = backend;
    }

    public String option() {
        return option;
    }

    public String backend() {
        return backend;
    }
}
