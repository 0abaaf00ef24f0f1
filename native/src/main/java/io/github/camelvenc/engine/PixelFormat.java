package io.github.camelvenc.engine;

import java.util.Locale;

/**
 * YUV 4:2:0 semi-planar input layouts: a full-resolution luma plane followed by one interleaved
 * half-resolution chroma plane. NV12 interleaves U then V, NV21 V then U.
 */
public enum PixelFormat {
    NV12(1),
    NV21(2);

    private final int himpiValue;

    PixelFormat(int himpiValue) {
        this.himpiValue = himpiValue;
    }

    /** The {@code hi_pixel_format} value: {@code HI_PIXEL_FORMAT_YUV_SEMIPLANAR_420} = 1, {@code HI_PIXEL_FORMAT_YVU_SEMIPLANAR_420} = 2. */
    public int himpiValue() {
        return himpiValue;
    }

    public static PixelFormat parse(String text) {
        String t = text == null ? "" : text.trim().toLowerCase(Locale.ROOT);
        switch (t) {
            case "nv12":
                return NV12;
            case "nv21":
                return NV21;
            default:
                throw new InvalidConfigException("pixelFormat", text, "nv12 or nv21");
        }
    }
}
