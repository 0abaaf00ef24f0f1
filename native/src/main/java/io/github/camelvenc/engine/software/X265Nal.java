package io.github.camelvenc.engine.software;

import com.sun.jna.Pointer;
import com.sun.jna.Structure;
import com.sun.jna.Structure.FieldOrder;

/** {@code x265_nal} (16 bytes); layout checked against {@code x265.h} by a compiled test. */
@FieldOrder({"type", "sizeBytes", "payload"})
public final class X265Nal extends Structure {
    /** {@code sizeof(x265_nal)}. */
    public static final int SIZE = 16;

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
