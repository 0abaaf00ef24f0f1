package io.github.camelvenc.engine.software;

import com.sun.jna.Pointer;
import com.sun.jna.Structure;
import com.sun.jna.Structure.FieldOrder;

/**
 * {@code x264_nal_t} (40 bytes); layout checked against {@code x264.h} by a compiled test. The
 * channel reads the NAL array in place at the {@code *_OFFSET} constants (no structure per NAL).
 */
@FieldOrder({"i_ref_idc", "i_type", "b_long_startcode", "i_first_mb", "i_last_mb", "i_payload", "p_payload",
        "i_padding"})
public final class X264Nal extends Structure {
    /** {@code sizeof(x264_nal_t)}. */
    public static final int SIZE = 40;
    /** {@code offsetof(x264_nal_t, i_type)} (int). */
    public static final int TYPE_OFFSET = 4;
    /** {@code offsetof(x264_nal_t, i_payload)} (int). */
    public static final int PAYLOAD_SIZE_OFFSET = 20;
    /** {@code offsetof(x264_nal_t, p_payload)} (uint8_t *). */
    public static final int PAYLOAD_OFFSET = 24;

    public int i_ref_idc;
    public int i_type;
    public int b_long_startcode;
    public int i_first_mb;
    public int i_last_mb;
    public int i_payload;
    public Pointer p_payload;
    public int i_padding;

    public X264Nal() {
    }

    /** A view of the NAL at {@code p}, read at once. */
    public X264Nal(Pointer p) {
        super(p);
        read();
    }
}
