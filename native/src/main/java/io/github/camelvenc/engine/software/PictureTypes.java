package io.github.camelvenc.engine.software;

import io.github.camelvenc.engine.FrameType;

/**
 * The picture-type codes of x264 and x265, which share them ({@code X264_TYPE_IDR} =
 * {@code X265_TYPE_IDR} = 1, I = 2, P = 3; NativeLayoutTest checks both against their headers).
 */
final class PictureTypes {
    private PictureTypes() {
    }

    /** The engine's frame type for an encoded picture's {@code i_type} / {@code sliceType}. */
    static FrameType frameType(int code) {
        switch (code) {
            case X264Library.TYPE_IDR:
                return FrameType.IDR;
            case X264Library.TYPE_I:
                return FrameType.I;
            case X264Library.TYPE_P:
                return FrameType.P;
            default:
                return FrameType.B;
        }
    }
}
