package io.github.camelvenc.camel;

import io.github.camelvenc.engine.ChannelConfig;
import io.github.camelvenc.engine.Frame;
import io.github.camelvenc.engine.InvalidFrameException;
import io.github.camelvenc.engine.PixelFormat;
import org.apache.camel.Message;

/** The picture an exchange describes: width, height, pixel format and frame rate, each null when not given. */
record Picture(Integer width, Integer height, PixelFormat pixelFormat, Integer frameRate) {

    /** The picture the input headers of {@link VencConstants} give. */
    static Picture of(Message in) {
        return new Picture(Headers.integer(in, VencConstants.WIDTH), Headers.integer(in, VencConstants.HEIGHT),
                Headers.pixelFormat(in), Headers.integer(in, VencConstants.FRAME_RATE));
    }

    /** This picture with the size and pixel format of {@code frame}, which win over the headers. */
    Picture of(Frame frame) {
        return new Picture(frame.width(), frame.height(), frame.pixelFormat(), frameRate);
    }

    /**
     * Sets what this picture gives on {@code b}, over the endpoint's options. When neither gives the
     * size (nor a preset does), fails with "{@code needs}: set the width and height options or the ...
     * headers, or send {@code orSend}".
     */
    ChannelConfig.Builder applyTo(ChannelConfig.Builder b, VencConfiguration conf, String needs, String orSend) {
        boolean sized = conf.getPreset() != null
                || (width != null || conf.getWidth() != null) && (height != null || conf.getHeight() != null);
        if (!sized) {
            throw new InvalidFrameException(needs + ": set the width and height options or the " + VencConstants.WIDTH
                    + " and " + VencConstants.HEIGHT + " headers, or send " + orSend);
        }
        if (width != null) {
            b.width(width);
        }
        if (height != null) {
            b.height(height);
        }
        if (pixelFormat != null) {
            b.pixelFormat(pixelFormat);
        }
        if (frameRate != null) {
            frameRate(b, conf, frameRate);
        }
        return b;
    }

    /** Sets the source frame rate, and the destination one too unless the endpoint sets it. */
    static void frameRate(ChannelConfig.Builder b, VencConfiguration conf, int fps) {
        b.srcFrameRate(fps);
        if (conf.getDstFrameRate() == null) {
            b.dstFrameRate(fps);
        }
    }
}
