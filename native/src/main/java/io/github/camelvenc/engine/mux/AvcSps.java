package io.github.camelvenc.engine.mux;

import java.util.Locale;

/**
 * The fields of an H.264 sequence parameter set (ITU-T H.264 clause 7.3.2.1.1) a container needs:
 * profile, constraint flags and level for {@code avcC} and the RFC 6381 codec string, chroma format and
 * bit depths for the High profiles' {@code avcC} extension, and the cropped picture size.
 *
 * @param profileIdc      profile_idc
 * @param constraintFlags the byte of constraint_set0..5_flag and reserved_zero_2bits
 * @param levelIdc        level_idc
 * @param chromaFormatIdc chroma_format_idc (1 = 4:2:0)
 * @param bitDepthLuma    bit_depth_luma_minus8 + 8
 * @param bitDepthChroma  bit_depth_chroma_minus8 + 8
 * @param width           displayed width in pixels (after frame cropping)
 * @param height          displayed height in pixels (after frame cropping)
 */
public record AvcSps(int profileIdc, int constraintFlags, int levelIdc, int chromaFormatIdc, int bitDepthLuma,
        int bitDepthChroma, int width, int height) {

    /** Parses an SPS NAL unit (start code removed, NAL header included). */
    public static AvcSps parse(byte[] nal) {
        if (nal.length < 4 || (nal[0] & 0x1f) != AnnexB.AVC_SPS) {
            throw new MuxException("Not an H.264 SPS NAL unit");
        }
        BitReader r = new BitReader(nal, 1);
        int profile = r.u(8);
        int constraints = r.u(8);
        int level = r.u(8);
        r.ue();
        int chroma = 1;
        int depthLuma = 8;
        int depthChroma = 8;
        boolean separateColourPlane = false;
        if (hasChromaInfo(profile)) {
            chroma = r.ue();
            if (chroma == 3) {
                separateColourPlane = r.flag();
            }
            depthLuma = r.ue() + 8;
            depthChroma = r.ue() + 8;
            r.skip(1);
            if (r.flag()) {
                for (int i = 0; i < (chroma != 3 ? 8 : 12); i++) {
                    if (r.flag()) {
                        skipScalingList(r, i < 6 ? 16 : 64);
                    }
                }
            }
        }
        r.ue();
        int pocType = r.ue();
        if (pocType == 0) {
            r.ue();
        } else if (pocType == 1) {
            r.skip(1);
            r.se();
            r.se();
            int cycle = r.ue();
            for (int i = 0; i < cycle; i++) {
                r.se();
            }
        }
        r.ue();
        r.skip(1);
        int widthMbs = r.ue() + 1;
        int heightMapUnits = r.ue() + 1;
        boolean frameMbsOnly = r.flag();
        if (!frameMbsOnly) {
            r.skip(1);
        }
        r.skip(1);
        int width = widthMbs * 16;
        int height = heightMapUnits * 16 * (frameMbsOnly ? 1 : 2);
        if (r.flag()) {
            int left = r.ue();
            int right = r.ue();
            int top = r.ue();
            int bottom = r.ue();
            int arrayType = separateColourPlane ? 0 : chroma;
            int cropX = arrayType == 0 ? 1 : (arrayType == 3 ? 1 : 2);
            int cropY = (arrayType == 0 ? 1 : (arrayType == 1 ? 2 : 1)) * (frameMbsOnly ? 1 : 2);
            width -= cropX * (left + right);
            height -= cropY * (top + bottom);
        }
        return new AvcSps(profile, constraints, level, chroma, depthLuma, depthChroma, width, height);
    }

    /** Profiles whose SPS carries chroma_format_idc and bit depths (and whose avcC has the extension). */
    static boolean hasChromaInfo(int profile) {
        switch (profile) {
            case 100, 110, 122, 244, 44, 83, 86, 118, 128, 138, 139, 134, 135:
                return true;
            default:
                return false;
        }
    }

    private static void skipScalingList(BitReader r, int size) {
        int last = 8;
        int next = 8;
        for (int j = 0; j < size; j++) {
            if (next != 0) {
                next = (last + r.se() + 256) % 256;
            }
            last = next == 0 ? last : next;
        }
    }

    /** RFC 6381 codec string, for example {@code avc1.64001f}. */
    public String codecString() {
        return String.format(Locale.ROOT, "avc1.%02x%02x%02x", profileIdc, constraintFlags, levelIdc);
    }
}
