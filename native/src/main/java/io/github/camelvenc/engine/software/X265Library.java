package io.github.camelvenc.engine.software;

import com.sun.jna.Library;
import com.sun.jna.Pointer;
import com.sun.jna.ptr.IntByReference;
import com.sun.jna.ptr.PointerByReference;

/**
 * JNA binding of libx265 build {@value #BUILD} ({@code libx265.so.199}). {@code x265_param} is
 * handled as an opaque pointer from {@link #x265_param_alloc()} and set with
 * {@link #x265_param_parse} only; {@code x265_picture} comes from {@link #x265_picture_alloc()}
 * and the few fields the backend sets or reads are at the offsets below. Every offset and size here
 * is checked against {@code x265.h} by a test that compiles a C program.
 */
public interface X265Library extends Library {

    /** The API build this binding was written for ({@code X265_BUILD}). */
    int BUILD = 199;
    /** The shared object loaded. */
    String SONAME = "libx265.so.199";
    /** {@code x265_encoder_open} is exported with the build number appended. */
    String OPEN_SYMBOL = "x265_encoder_open_199";

    /** {@code sizeof(x265_picture)}. */
    int PICTURE_SIZE = 16816;
    /** {@code offsetof(x265_picture, pts)} (int64_t). */
    int PICTURE_PTS = 0;
    /** {@code offsetof(x265_picture, planes)} (void *[3]). */
    int PICTURE_PLANES = 24;
    /** {@code offsetof(x265_picture, stride)} (int[3]). */
    int PICTURE_STRIDE = 48;
    /** {@code offsetof(x265_picture, bitDepth)} (int). */
    int PICTURE_BIT_DEPTH = 60;
    /** {@code offsetof(x265_picture, sliceType)} (int). */
    int PICTURE_SLICE_TYPE = 64;
    /** {@code offsetof(x265_picture, colorSpace)} (int). */
    int PICTURE_COLOR_SPACE = 72;
    /** {@code offsetof(x265_picture, forceqp)} (int, QP + 1, 0 = automatic). */
    int PICTURE_FORCE_QP = 76;

    /** {@code X265_CSP_I420}. */
    int CSP_I420 = 1;
    /** {@code X265_TYPE_AUTO}. */
    int TYPE_AUTO = 0x0000;
    /** {@code X265_TYPE_IDR}. */
    int TYPE_IDR = 0x0001;
    /** {@code X265_TYPE_I}. */
    int TYPE_I = 0x0002;
    /** {@code X265_TYPE_P}. */
    int TYPE_P = 0x0003;

    /** Allocates a parameter set (free with {@link #x265_param_free}); NULL when out of memory. */
    Pointer x265_param_alloc();

    /** Frees a parameter set from {@link #x265_param_alloc()}. */
    void x265_param_free(Pointer param);

    /** Fills {@code param} with the defaults of a speed preset and an optional tune. 0 on success. */
    int x265_param_default_preset(Pointer param, String preset, String tune);

    /** Sets one option by its command-line name. 0 on success, negative for a bad name or value. */
    int x265_param_parse(Pointer param, String name, String value);

    /** Restricts the parameters to a profile ({@code main}). 0 on success. */
    int x265_param_apply_profile(Pointer param, String profile);

    /** Opens an encoder; NULL on failure. The parameters are copied. */
    Pointer x265_encoder_open_199(Pointer param);

    /** Copies the parameters in force into {@code param}. */
    void x265_encoder_parameters(Pointer encoder, Pointer param);

    /** Applies rate-control changes (bitrate, vbv-maxrate, vbv-bufsize, crf). 0 on success. */
    int x265_encoder_reconfig(Pointer encoder, Pointer param);

    /**
     * Encodes one picture ({@code picIn} NULL to drain). Returns 1 when a picture came out (its NAL
     * units in {@code ppNal}), 0 when none did, negative on error.
     */
    int x265_encoder_encode(Pointer encoder, PointerByReference ppNal, IntByReference piNal, Pointer picIn,
            Pointer picOut);

    /** Frees the encoder and everything it allocated. */
    void x265_encoder_close(Pointer encoder);

    /** Allocates a picture (free with {@link #x265_picture_free}); NULL when out of memory. */
    Pointer x265_picture_alloc();

    /** Sets a picture's defaults (colour space, bit depth, automatic type) from {@code param}. */
    void x265_picture_init(Pointer param, Pointer picture);

    /** Frees a picture from {@link #x265_picture_alloc()} (not the planes it points at). */
    void x265_picture_free(Pointer picture);
}
