package io.github.camelvenc.engine;

/** An option value out of range or inconsistent with another option. Raised before any native call. */
public class InvalidConfigException extends VencException {
    private static final long serialVersionUID = 1L;

    private final String option;

    /** A value out of range; a text value is shown {@linkplain UserText#printable printable}. */
    public InvalidConfigException(String option, Object value, String allowed) {
        super("Invalid value for option '" + option + "': "
                + (value instanceof CharSequence text ? UserText.printable(text) : value) + " (allowed: " + allowed + ")");
        this.option = option;
    }

    /** Builds an exception with a free-form explanation, for options that conflict with each other. */
    public static InvalidConfigException conflict(String option, String message) {
        return new InvalidConfigException(option, message);
    }

    private InvalidConfigException(String option, String message) {
        super("Invalid option '" + option + "': " + message);
        this.option = option;
    }

    /** The option name, in the camelCase used by the endpoint URI. */
    public String option() {
        return option;
    }
}
