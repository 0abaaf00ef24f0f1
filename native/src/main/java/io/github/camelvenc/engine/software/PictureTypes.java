package io.github.camelvenc.engine.software;

import io.github.camelvenc.engine.FrameType;

/**
 * The picture-type codes of x264 and x265, which share them ({@code X264_TYPE_AUTO} =
 * {@code X265_TYPE_AUTO} = 0, IDR = 1, I = 2, P = 3; NativeLayoutTest checks both against their
 * headers).
 */
final class PictureTypes {
    private PictureTypes() {
    }

    /**
     * The type the channel sets on an input picture: IDR where it forces one, else AUTO. Forcing P
     * instead would make the lookahead skip the cost estimation that the VBV and cutree planning rely
     * on (x265 then undershoots a CBR target by 15 %); with B-frames off and no scene cut, AUTO gives
     * a P frame anyway, or an IDR where the encoder's keyint puts one.
     */
    static int forced(boolean idr) {
        return idr ? X264Library.TYPE_IDR : X264Library.TYPE_AUTO;
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
