package io.github.camelvenc.camel;

import io.github.camelvenc.engine.Frame;
import io.github.camelvenc.engine.InvalidFrameException;
import io.github.camelvenc.engine.PixelFormat;
import java.io.InputStream;
import java.nio.ByteBuffer;
import org.apache.camel.Message;

/** Turns a frame-mode message body into a {@link Frame}, checking its size against width, height and stride. */
final class FrameInput {

    private FrameInput() {
    }

    /**
     * The frame in {@code in}'s body.
     *
     * @param width  picture width (header, open channel or options)
     * @param height picture height
     * @param format pixel format
     * @param pts    pts to give a byte body
     */
    static Frame read(Message in, int width, int height, PixelFormat format, long pts) {
        Object body = in.getBody();
        if (body instanceof Frame f) {
            return f;
        }
        ByteBuffer data;
        if (body instanceof byte[] bytes) {
            data = ByteBuffer.wrap(bytes);
        } else if (body instanceof ByteBuffer buffer) {
            data = buffer.duplicate();
        } else if (body instanceof InputStream) {
            data = ByteBuffer.wrap(in.getBody(byte[].class));
        } else {
            throw new InvalidFrameException("Unsupported body type in frame mode: "
                    + (body == null ? "null" : body.getClass().getName())
                    + "; send byte[], ByteBuffer, InputStream or io.github.camelvenc.engine.Frame");
        }
        Integer strideHeader = Headers.integer(in, VencConstants.STRIDE);
        int stride = strideHeader != null ? strideHeader : width;
        if (stride < width) {
            throw new InvalidFrameException("Header " + VencConstants.STRIDE + "=" + stride + " is smaller than the width "
                    + width);
        }
        long packed = (long) stride * height * 3 / 2;
        long minimal = Frame.requiredLength(width, height, stride, stride * height);
        int length = data.remaining();
        if (length != packed && (strideHeader == null || length < minimal || length > packed)) {
            throw new InvalidFrameException("Frame body holds " + length + " bytes; a " + width + "x" + height + " "
                    + format + " frame" + (strideHeader == null ? "" : " with stride " + stride) + " has " + packed
                    + " bytes" + (strideHeader == null ? "" : " (at least " + minimal + " without the last row's padding)"));
        }
        return Frame.of(data, width, height, stride, format, pts);
    }
}
