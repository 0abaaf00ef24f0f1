package io.github.camelvenc.engine.software;

import com.sun.jna.Library;
import com.sun.jna.Pointer;
import com.sun.jna.ptr.IntByReference;
import com.sun.jna.ptr.PointerByReference;

/**
 * JNA binding of libx264 build {@value #BUILD} ({@code libx264.so.164}). Only the calls the
 * software backend uses are bound. {@code x264_param_t} is handled as an opaque block of
 * {@value #PARAM_SIZE} bytes: every option goes through {@link #x264_param_parse} except the three
 * fields the parser refuses (width, height, colour space), which are written at the offsets below.
 * Every offset and size here is checked against {@code x264.h} by a test that compiles a C program.
 */
public interface X264Library extends Library {

    /** The API build this binding was written for ({@code X264_BUILD}). */
    int BUILD = 164;
    /** The shared object loaded. */
    String SONAME = "libx264.so.164";
    /** {@code x264_encoder_open} is exported with the build number appended. */
    String OPEN_SYMBOL = "x264_encoder_open_164";

    /** {@code sizeof(x264_param_t)}. */
    int PARAM_SIZE = 1024;
    /** {@code offsetof(x264_param_t, i_width)}. */
    int PARAM_I_WIDTH = 28;
    /** {@code offsetof(x264_param_t, i_height)}. */
    int PARAM_I_HEIGHT = 32;
    /** {@code offsetof(x264_param_t, i_csp)}. */
    int PARAM_I_CSP = 36;

    /** {@code X264_CSP_NV12}: luma plane plus one interleaved U/V plane. */
    int CSP_NV12 = 0x0004;
    /** {@code X264_CSP_NV21}: luma plane plus one interleaved V/U plane; x264 swaps chroma in its input copy. */
    int CSP_NV21 = 0x0005;

    /** {@code X264_TYPE_AUTO}. */
    int TYPE_AUTO = 0x0000;
    /** {@code X264_TYPE_IDR}. */
    int TYPE_IDR = 0x0001;
    /** {@code X264_TYPE_I}. */
    int TYPE_I = 0x0002;
    /** {@code X264_TYPE_P}. */
    int TYPE_P = 0x0003;

    /** Fills {@code param} with the defaults of a speed preset and an optional tune. 0 on success. */
    int x264_param_default_preset(Pointer param, String preset, String tune);

    /** Sets one option by its command-line name. 0 on success, negative for a bad name or value. */
    int x264_param_parse(Pointer param, String name, String value);

    /** Restricts the parameters to a profile ({@code baseline}, {@code main}, {@code high}). 0 on success. */
    int x264_param_apply_profile(Pointer param, String profile);

    /** Frees the strings {@link #x264_param_parse} allocated inside {@code param}. */
    void x264_param_cleanup(Pointer param);

    /** Opens an encoder; NULL on failure. The parameters are copied. */
    Pointer x264_encoder_open_164(Pointer param);

    /** Applies rate-control changes (bitrate, vbv-maxrate, vbv-bufsize, crf) to an open encoder. 0 on success. */
    int x264_encoder_reconfig(Pointer encoder, Pointer param);

    /** Copies the parameters in force into {@code param}. */
    void x264_encoder_parameters(Pointer encoder, Pointer param);

    /**
     * Encodes one picture ({@code picIn} NULL to drain). Returns the bytes of the NAL units in
     * {@code ppNal} (their payloads are contiguous), 0 when no frame came out, negative on error.
     */
    int x264_encoder_encode(Pointer encoder, PointerByReference ppNal, IntByReference piNal, X264Picture picIn,
            X264Picture picOut);

    /** Frames inside the encoder that have not come out yet. */
    int x264_encoder_delayed_frames(Pointer encoder);

    /** Frees the encoder and everything it allocated. */
    void x264_encoder_close(Pointer encoder);

    /** Zeroes a picture and sets its automatic fields. */
    void x264_picture_init(X264Picture picture);
}
