package io.github.camelvenc.camel;

import io.github.camelvenc.engine.InvalidFrameException;
import io.github.camelvenc.engine.PixelFormat;
import org.apache.camel.Message;
import org.apache.camel.NoTypeConversionAvailableException;
import org.apache.camel.TypeConversionException;

/** Reads the input headers of {@link VencConstants}, failing clearly on a value of the wrong kind. */
final class Headers {

    private Headers() {
    }

    static Integer integer(Message in, String name) {
        return typed(in, name, Integer.class);
    }

    static Long longValue(Message in, String name) {
        return typed(in, name, Long.class);
    }

    static boolean flag(Message in, String name) {
        Boolean b = typed(in, name, Boolean.class);
        return b != null && b;
    }

    static String string(Message in, String name) {
        return typed(in, name, String.class);
    }

    static PixelFormat pixelFormat(Message in) {
        Object v = in.getHeader(VencConstants.PIXEL_FORMAT);
        if (v == null) {
            return null;
        }
        if (v instanceof PixelFormat pf) {
            return pf;
        }
        return PixelFormat.parse(v.toString());
    }

    private static <T> T typed(Message in, String name, Class<T> type) {
        Object v = in.getHeader(name);
        if (v == null) {
            return null;
        }
        try {
            return in.getExchange().getContext().getTypeConverter().mandatoryConvertTo(type, in.getExchange(), v);
        } catch (TypeConversionException | NoTypeConversionAvailableException e) {
            throw new InvalidFrameException("Header " + name + " must be a " + type.getSimpleName() + ", got '" + v
                    + "' (" + v.getClass().getName() + ")");
        }
    }
}
