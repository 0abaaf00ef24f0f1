package io.github.camelvenc.engine.mux;

import java.util.Locale;

/**
 * The fields of an H.265 sequence parameter set (ITU-T H.265 clause 7.3.2.2) a container needs: the
 * general profile_tier_level for {@code hvcC} and the codec string, chroma format, bit depths, sub-layer
 * count and the picture size after the conformance window.
 *
 * @param profileSpace          general_profile_space
 * @param tierFlag              general_tier_flag (true = High tier)
 * @param profileIdc            general_profile_idc
 * @param compatibilityFlags    general_profile_compatibility_flag[0..31], flag 0 in the top bit
 * @param constraintFlags       the 48 bits from general_progressive_source_flag on, in the low 48 bits
 * @param levelIdc              general_level_idc (30 x the level number)
 * @param maxSubLayers          sps_max_sub_layers_minus1 + 1
 * @param temporalIdNesting     sps_temporal_id_nesting_flag
 * @param chromaFormatIdc       chroma_format_idc (1 = 4:2:0)
 * @param bitDepthLuma          bit_depth_luma_minus8 + 8
 * @param bitDepthChroma        bit_depth_chroma_minus8 + 8
 * @param width                 displayed width in pixels
 * @param height                displayed height in pixels
 */
public record HevcSps(int profileSpace, boolean tierFlag, int profileIdc, long compatibilityFlags, long constraintFlags,
        int levelIdc, int maxSubLayers, boolean temporalIdNesting, int chromaFormatIdc, int bitDepthLuma,
        int bitDepthChroma, int width, int height) {

    /** Parses an SPS NAL unit (start code removed, two-byte NAL header included). */
    public static HevcSps parse(byte[] nal) {
        if (nal.length < 15 || ((nal[0] >> 1) & 0x3f) != AnnexB.HEVC_SPS) {
            throw new MuxException("Not an H.265 SPS NAL unit");
        }
        BitReader r = new BitReader(nal, 2);
        r.skip(4);
        int subLayersMinus1 = r.u(3);
        boolean nesting = r.flag();
        int space = r.u(2);
        boolean tier = r.flag();
        int profile = r.u(5);
        long compat = r.bits(32);
        long constraints = r.bits(48);
        int level = r.u(8);
        boolean[] profilePresent = new boolean[subLayersMinus1];
        boolean[] levelPresent = new boolean[subLayersMinus1];
        for (int i = 0; i < subLayersMinus1; i++) {
            profilePresent[i] = r.flag();
            levelPresent[i] = r.flag();
        }
        if (subLayersMinus1 > 0) {
            r.skip(2 * (8 - subLayersMinus1));
        }
        for (int i = 0; i < subLayersMinus1; i++) {
            if (profilePresent[i]) {
                r.skip(88);
            }
            if (levelPresent[i]) {
                r.skip(8);
            }
        }
        r.ue();
        int chroma = r.ue();
        if (chroma == 3) {
            r.skip(1);
        }
        int width = r.ue();
        int height = r.ue();
        if (r.flag()) {
            int subWidth = chroma == 1 || chroma == 2 ? 2 : 1;
            int subHeight = chroma == 1 ? 2 : 1;
            int left = r.ue();
            int right = r.ue();
            int top = r.ue();
            int bottom = r.ue();
            width -= subWidth * (left + right);
            height -= subHeight * (top + bottom);
        }
        int depthLuma = r.ue() + 8;
        int depthChroma = r.ue() + 8;
        return new HevcSps(space, tier, profile, compat, constraints, level, subLayersMinus1 + 1, nesting, chroma,
                depthLuma, depthChroma, width, height);
    }

    /**
     * Codec string of ISO/IEC 14496-15 Annex E, for example {@code hvc1.1.6.L93.B0}: profile space and
     * profile, the compatibility flags in reverse bit order, tier and level, then the constraint bytes
     * without trailing zero bytes.
     */
    public String codecString() {
        StringBuilder s = new StringBuilder("hvc1.");
        if (profileSpace > 0) {
            s.append((char) ('A' + profileSpace - 1));
        }
        s.append(profileIdc).append('.');
        s.append(Long.toHexString(Integer.reverse((int) compatibilityFlags) & 0xffffffffL).toUpperCase(Locale.ROOT));
        s.append('.').append(tierFlag ? 'H' : 'L').append(levelIdc);
        int last = 5;
        while (last >= 0 && constraintByte(last) == 0) {
            last--;
        }
        for (int i = 0; i <= last; i++) {
            s.append('.').append(Integer.toHexString(constraintByte(i)).toUpperCase(Locale.ROOT));
        }
        return s.toString();
    }

    /** Byte {@code i} (0 = first) of the 48 constraint indicator bits. */
    int constraintByte(int i) {
        return (int) (constraintFlags >>> (8 * (5 - i))) & 0xff;
    }
}
