package io.github.camelvenc.engine.ascend;

import io.github.camelvenc.engine.ChannelConfig;
import io.github.camelvenc.engine.VencException;
import io.github.camelvenc.engine.ascend.HiMpiTypes.HiImgAlignInfo;
import io.github.camelvenc.engine.ascend.HiMpiTypes.HiImgBaseInfo;

/**
 * The layout of a VENC input buffer: luma rows {@code widthStride} bytes apart, the interleaved
 * chroma plane at {@code widthStride * heightStride}, {@code bufferSize} bytes in all. CANN 8.1.RC1
 * answers it through {@code hi_mpi_sys_get_image_align_info(HI_MOD_VENC, ...)} (hi_mpi_sys.h); without
 * that function the documented VENC input rule applies: {@code width_stride = ALIGN16(width)}, height
 * unaligned (even), {@code width_stride * height * 3 / 2} bytes.
 */
record FrameLayout(int widthStride, int heightStride, int bufferSize) {

    static final String ALIGN_FUNCTION = "hi_mpi_sys_get_image_align_info";

    /** Asks the media system when it can; the caller has bound the device context. */
    static FrameLayout of(AscendLibraries libs, ChannelConfig c) {
        FrameLayout documented = new FrameLayout(c.alignedStride(), c.height(), c.alignedStride() * c.height() * 3 / 2);
        if (!libs.has(ALIGN_FUNCTION)) {
            return documented;
        }
        HiImgBaseInfo base = new HiImgBaseInfo();
        base.width = c.width();
        base.height = c.height();
        base.pixel_format = c.pixelFormat().himpiValue();
        HiImgAlignInfo align = new HiImgAlignInfo();
        AscendException.check(ALIGN_FUNCTION, libs.himpi.hi_mpi_sys_get_image_align_info(
                new int[] {HiMpiLibrary.HI_MOD_VENC}, 1, base, align), "querying the VENC input layout of "
                + c.width() + "x" + c.height());
        long minimum = (long) align.width_stride * align.height_stride * 3 / 2;
        if (align.width_stride < c.width() || align.width_stride % 16 != 0 || align.height_stride < c.height()
                || align.img_buf_size < minimum || align.img_buf_size > Integer.MAX_VALUE) {
            throw new VencException(ALIGN_FUNCTION + " answered width_stride " + align.width_stride + ", height_stride "
                    + align.height_stride + ", img_buf_size " + align.img_buf_size + " for " + c.width() + "x"
                    + c.height() + ": not a usable NV12/NV21 layout");
        }
        return new FrameLayout(align.width_stride, align.height_stride, (int) align.img_buf_size);
    }
}
