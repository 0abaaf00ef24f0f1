package io.github.camelvenc.engine.mux;

import io.github.camelvenc.engine.Codec;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** Splits an Annex-B access unit (ITU-T H.264 / H.265 Annex B byte stream) into its NAL units. */
final class AnnexB {
    /** H.264 nal_unit_type values the muxers act on. */
    static final int AVC_IDR = 5;
    static final int AVC_SPS = 7;
    static final int AVC_PPS = 8;
    static final int AVC_AUD = 9;
    /** H.265 nal_unit_type values the muxers act on. */
    static final int HEVC_VPS = 32;
    static final int HEVC_SPS = 33;
    static final int HEVC_PPS = 34;
    static final int HEVC_AUD = 35;

    private AnnexB() {
    }

    /** The NAL units of {@code data}, start codes removed (trailing zero bytes of a unit too). */
    static List<byte[]> split(byte[] data) {
        List<byte[]> units = new ArrayList<>();
        int start = -1;
        int i = 0;
        while (i + 2 < data.length) {
            if (data[i] == 0 && data[i + 1] == 0 && data[i + 2] == 1) {
                if (start >= 0) {
                    units.add(unit(data, start, i));
                }
                i += 3;
                start = i;
            } else {
                i++;
            }
        }
        if (start < 0) {
            throw new MuxException("Access unit of " + data.length + " bytes has no Annex-B start code");
        }
        units.add(unit(data, start, data.length));
        units.removeIf(u -> u.length == 0);
        return units;
    }

    private static byte[] unit(byte[] data, int from, int to) {
        int end = to;
        while (end > from && data[end - 1] == 0) {
            end--;
        }
        return Arrays.copyOfRange(data, from, end);
    }

    /** The nal_unit_type of a unit (start code removed). */
    static int type(Codec codec, byte[] nal) {
        return codec == Codec.H264 ? nal[0] & 0x1f : (nal[0] >> 1) & 0x3f;
    }

    /** Whether the unit is a parameter set (SPS/PPS, and VPS for H.265). */
    static boolean isParameterSet(Codec codec, int type) {
        return codec == Codec.H264 ? type == AVC_SPS || type == AVC_PPS
                : type == HEVC_VPS || type == HEVC_SPS || type == HEVC_PPS;
    }

    /** Whether the unit is an access unit delimiter. */
    static boolean isDelimiter(Codec codec, int type) {
        return codec == Codec.H264 ? type == AVC_AUD : type == HEVC_AUD;
    }

    /** An access unit delimiter NAL unit (no start code) that allows every slice type. */
    static byte[] delimiter(Codec codec) {
        return codec == Codec.H264 ? new byte[] {0x09, (byte) 0xf0} : new byte[] {0x46, 0x01, 0x50};
    }
}
