package io.github.camelvenc.engine.software;

import com.sun.jna.Pointer;
import com.sun.jna.Structure;
import com.sun.jna.Structure.FieldOrder;

/**
 * {@code x264_picture_t} (240 bytes): the leading fields are modelled, the trailing properties,
 * HRD timing, SEI and opaque fields (which the backend leaves as {@code x264_picture_init} sets
 * them) are one opaque block. Layout checked against {@code x264.h} by a compiled test.
 */
@FieldOrder({"i_type", "i_qpplus1", "i_pic_struct", "b_keyframe", "i_pts", "i_dts", "param", "img", "rest"})
public final class X264Picture extends Structure {
    /** {@code sizeof(x264_picture_t)}. */
    public static final int SIZE = 240;
    /** {@code offsetof(x264_picture_t, img)}. */
    public static final int IMG_OFFSET = 40;
    /** Bytes after {@code img}: {@code SIZE - IMG_OFFSET - sizeof(x264_image_t)}. */
    public static final int REST = SIZE - IMG_OFFSET - X264Image.SIZE;

    public int i_type;
    public int i_qpplus1;
    public int i_pic_struct;
    public int b_keyframe;
    public long i_pts;
    public long i_dts;
    public Pointer param;
    public X264Image img;
    public byte[] rest = new byte[REST];

    /** {@code x264_image_t}: colour space, plane count, strides and plane pointers. */
    @FieldOrder({"i_csp", "i_plane", "i_stride", "plane"})
    public static final class X264Image extends Structure {
        /** {@code sizeof(x264_image_t)}. */
        public static final int SIZE = 56;

        public int i_csp;
        public int i_plane;
        public int[] i_stride = new int[4];
        public Pointer[] plane = new Pointer[4];
    }
}
