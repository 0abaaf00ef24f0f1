package io.github.camelvenc.examples.filedrop;

/** An inbox file whose name tells neither a Y4M clip nor the size and layout of a raw clip. */
public class BadClipNameException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    public BadClipNameException(String message) {
        super(message);
    }
}
