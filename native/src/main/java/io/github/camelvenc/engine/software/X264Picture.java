package io.github.camelvenc.engine.software;

import com.sun.jna.Pointer;
import com.sun.jna.Structure;
import com.sun.jna.Structure.FieldOrder;

/**
 * {@code x264_picture_t} (240 bytes): the leading fields are modelled, the trailing properties,
 * HRD timing, SEI and opaque fields (which the backend leaves as {@code x264_picture_init} sets
 * them) are one opaque block. Layout checked against {@code x264.h} by a compiled test. On the
 * per-frame path the channel turns automatic synchronisation off and sets or reads the few fields
 * it needs at the {@code *_OFFSET} constants: JNA's reflective whole-structure write and read
 * around every encode call would cost more than the call's own Java work.
 */
@FieldOrder({"i_type", "i_qpplus1", "i_pic_struct", "b_keyframe", "i_pts", "i_dts", "param", "img", "rest"})
public final class X264Picture extends Structure {
    /** {@code sizeof(x264_picture_t)}. */
    public static final int SIZE = 240;
    /** {@code offsetof(x264_picture_t, img)}. */
    public static final int IMG_OFFSET = 40;
    /** Bytes after {@code img}: {@code SIZE - IMG_OFFSET - sizeof(x264_image_t)}. */
    public static final int REST = SIZE - IMG_OFFSET - X264Image.SIZE;
    /** {@code offsetof(x264_picture_t, i_type)} (int). */
    public static final int TYPE_OFFSET = 0;
    /** {@code offsetof(x264_picture_t, i_qpplus1)} (int). */
    public static final int QPPLUS1_OFFSET = 4;
    /** {@code offsetof(x264_picture_t, i_pts)} (int64_t). */
    public static final int PTS_OFFSET = 16;
    /** {@code offsetof(x264_picture_t, img.i_csp)} (int). */
    public static final int IMG_CSP_OFFSET = IMG_OFFSET;
    /** {@code offsetof(x264_picture_t, img.i_plane)} (int). */
    public static final int IMG_PLANES_OFFSET = IMG_OFFSET + 4;
    /** {@code offsetof(x264_picture_t, img.i_stride)} (int[4]). */
    public static final int IMG_STRIDE_OFFSET = IMG_OFFSET + 8;
    /** {@code offsetof(x264_picture_t, img.plane)} (uint8_t *[4]). */
    public static final int IMG_PLANE_OFFSET = IMG_OFFSET + 24;

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
