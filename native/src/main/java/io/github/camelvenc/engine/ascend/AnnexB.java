package io.github.camelvenc.engine.ascend;

import java.util.Arrays;

import io.github.camelvenc.engine.Codec;
import io.github.camelvenc.engine.FrameType;

/**
 * What the Annex-B bytes of one access unit say: the {@code nal_unit_type} of each NAL unit and the
 * picture type (ITU-T H.264 7.3.1/7.3.3, H.265 7.3.1.2/7.3.6.1). Used when the VENC's pack fields do
 * not name the frame type, as in one-stream-buffer mode where a frame is one pack.
 */
final class AnnexB {

    private AnnexB() {
    }

    /** The {@code nal_unit_type} of every NAL unit, in order. */
    static int[] nalTypes(Codec codec, byte[] d) {
        int[] types = new int[8];
        int n = 0;
        for (int at = next(d, 0); at >= 0; at = next(d, at)) {
            if (n == types.length) {
                types = Arrays.copyOf(types, n * 2);
            }
            types[n++] = type(codec, d[at] & 0xFF);
        }
        return Arrays.copyOf(types, n);
    }

    /**
     * The picture type from the slice headers: IDR for an IDR NAL unit, else the {@code slice_type}
     * of the first slice (for H.265 read assuming {@code num_extra_slice_header_bits} = 0, the default
     * of x265 and of Huawei's headers' examples); {@code null} when the unit holds no slice.
     */
    static FrameType frameType(Codec codec, byte[] d) {
        FrameType first = null;
        for (int at = next(d, 0); at >= 0; at = next(d, at)) {
            int t = type(codec, d[at] & 0xFF);
            boolean h264 = codec == Codec.H264;
            if (h264 ? t == 5 : t == 19 || t == 20) {
                return FrameType.IDR;
            }
            boolean slice = h264 ? t == 1 : t <= 21 && (t <= 9 || t >= 16);
            if (slice && first == null) {
                first = h264 ? h264SliceType(d, at + 1) : h265SliceType(d, at + 2, t >= 16);
            }
        }
        return first;
    }

    private static int type(Codec codec, int header) {
        return codec == Codec.H264 ? header & 0x1F : (header >> 1) & 0x3F;
    }

    /** Index of the NAL header after the next start code at or after {@code from}, or -1. */
    private static int next(byte[] d, int from) {
        for (int i = Math.max(from, 0); i + 3 < d.length; i++) {
            if (d[i] == 0 && d[i + 1] == 0 && d[i + 2] == 1) {
                return i + 3;
            }
        }
        return -1;
    }

    private static FrameType h264SliceType(byte[] d, int at) {
        Bits b = new Bits(d, at);
        b.ue();
        int type = b.ue();
        if (type < 0) {
            return null;
        }
        return switch (type % 5) {
            case 1 -> FrameType.B;
            case 2, 4 -> FrameType.I;
            default -> FrameType.P;
        };
    }

    private static FrameType h265SliceType(byte[] d, int at, boolean irap) {
        Bits b = new Bits(d, at);
        if (b.bit() != 1) {
            return null;
        }
        if (irap) {
            b.bit();
        }
        b.ue();
        int type = b.ue();
        return switch (type) {
            case 0 -> FrameType.B;
            case 1 -> FrameType.P;
            case 2 -> FrameType.I;
            default -> null;
        };
    }

    /** Reads RBSP bits, skipping emulation-prevention bytes; reads past the end give -1. */
    private static final class Bits {
        private final byte[] d;
        private int pos;
        private int bit = 7;
        private int zeros;

        Bits(byte[] d, int pos) {
            this.d = d;
            this.pos = pos;
        }

        int bit() {
            if (pos >= d.length) {
                return -1;
            }
            if (bit == 7) {
                if (zeros >= 2 && d[pos] == 3) {
                    pos++;
                    zeros = 0;
                    if (pos >= d.length) {
                        return -1;
                    }
                }
                zeros = d[pos] == 0 ? zeros + 1 : 0;
            }
            int v = (d[pos] >> bit) & 1;
            if (--bit < 0) {
                bit = 7;
                pos++;
            }
            return v;
        }

        int ue() {
            int lead = 0;
            int v;
            while ((v = bit()) == 0) {
                if (++lead > 31) {
                    return -1;
                }
            }
            if (v < 0) {
                return -1;
            }
            int value = 0;
            for (int i = 0; i < lead; i++) {
                int x = bit();
                if (x < 0) {
                    return -1;
                }
                value = (value << 1) | x;
            }
            return (1 << lead) - 1 + value;
        }
    }
}
