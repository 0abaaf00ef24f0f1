package io.github.camelvenc.engine.software;

import com.sun.jna.Pointer;
import com.sun.jna.Structure;
import com.sun.jna.Structure.FieldOrder;

/**
 * {@code x265_nal} (16 bytes); layout checked against {@code x265.h} by a compiled test. The
 * channel reads the NAL array in place at the {@code *_OFFSET} constants (no structure per NAL).
 */
@FieldOrder({"type", "sizeBytes", "payload"})
public final class X265Nal extends Structure {
    /** {@code sizeof(x265_nal)}. */
    public static final int SIZE = 16;
    /** {@code offsetof(x265_nal, type)} (uint32_t). */
    public static final int TYPE_OFFSET = 0;
    /** {@code offsetof(x265_nal, sizeBytes)} (uint32_t). */
    public static final int SIZE_BYTES_OFFSET = 4;
    /** {@code offsetof(x265_nal, payload)} (uint8_t *). */
    public static final int PAYLOAD_OFFSET = 8;

    public int type;
    public int sizeBytes;
    public Pointer payload;

    public X265Nal() {
    }

    /** A view of the NAL at {@code p}, read at once. */
    public X265Nal(Pointer p) {
        super(p);
        read();
    }
}
