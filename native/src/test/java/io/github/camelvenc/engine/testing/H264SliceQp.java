package io.github.camelvenc.engine.testing;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads the QP of every slice of an H.264 Annex-B stream from the bitstream itself: parses the SPS
 * and PPS it needs and each slice header up to {@code slice_qp_delta} (ITU-T H.264 7.3.2.1, 7.3.2.2,
 * 7.3.3), so {@code QP = 26 + pic_init_qp_minus26 + slice_qp_delta}. Handles everything x264
 * writes for progressive 4:2:0 streams (CABAC or CAVLC, weighted prediction, reference list
 * modification, memory management operations); slice groups and scaling matrices in the SPS are
 * rejected, which x264 does not produce without being asked.
 */
public final class H264SliceQp {

    private H264SliceQp() {
    }

    /** One slice: its first macroblock, type (0 P, 1 B, 2 I, 3 SP, 4 SI), whether its NAL is an IDR, and its QP. */
    public record Slice(int firstMb, int sliceType, boolean idr, int qp) {
    }

    private record Sps(int chromaArrayType, int log2MaxFrameNum, int pocType, int log2MaxPocLsb,
            boolean deltaPicOrderAlwaysZero, boolean frameMbsOnly) {
    }

    private record Pps(int spsId, boolean cabac, boolean bottomFieldPicOrder, int numRefIdxL0, int numRefIdxL1,
            boolean weightedPred, int weightedBipred, int picInitQpMinus26, boolean redundantPicCnt) {
    }

    /** Every slice of the stream, in order. */
    public static List<Slice> slices(byte[] stream) {
        Map<Integer, Sps> spss = new HashMap<>();
        Map<Integer, Pps> ppss = new HashMap<>();
        List<Slice> slices = new ArrayList<>();
        for (byte[] nal : nalUnits(stream)) {
            int header = nal[0] & 0xFF;
            int type = header & 0x1F;
            int refIdc = (header >> 5) & 3;
            Bits b = new Bits(unescape(nal));
            b.u(8);
            switch (type) {
                case 7 -> {
                    int[] id = new int[1];
                    Sps sps = sps(b, id);
                    spss.put(id[0], sps);
                }
                case 8 -> {
                    int id = b.ue();
                    ppss.put(id, pps(b));
                }
                case 1, 5 -> slices.add(slice(b, type == 5, refIdc, spss, ppss));
                default -> {
                }
            }
        }
        return slices;
    }

    /**
     * The QP of each picture; a picture's slices (the one starting at macroblock 0 and those after it)
     * must all have the same QP, else this throws naming the picture.
     */
    public static List<Integer> frameQps(byte[] stream) {
        List<Integer> qps = new ArrayList<>();
        for (Slice s : slices(stream)) {
            if (s.firstMb() == 0) {
                qps.add(s.qp());
            } else if (qps.isEmpty() || qps.get(qps.size() - 1) != s.qp()) {
                throw new IllegalStateException("picture " + (qps.size() - 1) + " has slices with different QPs ("
                        + (qps.isEmpty() ? "none" : qps.get(qps.size() - 1)) + " and " + s.qp() + ")");
            }
        }
        return qps;
    }

    private static Sps sps(Bits b, int[] idOut) {
        int profile = b.u(8);
        b.u(16);
        idOut[0] = b.ue();
        int chromaFormat = 1;
        boolean separate = false;
        if (List.of(100, 110, 122, 244, 44, 83, 86, 118, 128, 138, 139, 134, 135).contains(profile)) {
            chromaFormat = b.ue();
            if (chromaFormat == 3) {
                separate = b.u(1) == 1;
            }
            b.ue();
            b.ue();
            b.u(1);
            if (b.u(1) == 1) {
                throw new IllegalArgumentException("SPS scaling matrices are not supported by this reader");
            }
        }
        int log2MaxFrameNum = b.ue() + 4;
        int pocType = b.ue();
        int log2MaxPocLsb = 0;
        boolean alwaysZero = false;
        if (pocType == 0) {
            log2MaxPocLsb = b.ue() + 4;
        } else if (pocType == 1) {
            alwaysZero = b.u(1) == 1;
            b.se();
            b.se();
            int cycle = b.ue();
            for (int i = 0; i < cycle; i++) {
                b.se();
            }
        }
        b.ue();
        b.u(1);
        b.ue();
        b.ue();
        boolean frameMbsOnly = b.u(1) == 1;
        return new Sps(separate ? 0 : chromaFormat, log2MaxFrameNum, pocType, log2MaxPocLsb, alwaysZero,
                frameMbsOnly);
    }

    private static Pps pps(Bits b) {
        int spsId = b.ue();
        boolean cabac = b.u(1) == 1;
        boolean bottom = b.u(1) == 1;
        if (b.ue() != 0) {
            throw new IllegalArgumentException("slice groups are not supported by this reader");
        }
        int l0 = b.ue() + 1;
        int l1 = b.ue() + 1;
        boolean weighted = b.u(1) == 1;
        int bipred = b.u(2);
        int initQp = b.se();
        b.se();
        b.se();
        b.u(1);
        b.u(1);
        boolean redundant = b.u(1) == 1;
        return new Pps(spsId, cabac, bottom, l0, l1, weighted, bipred, initQp, redundant);
    }

    private static Slice slice(Bits b, boolean idr, int refIdc, Map<Integer, Sps> spss, Map<Integer, Pps> ppss) {
        int firstMb = b.ue();
        int sliceType = b.ue() % 5;
        Pps pps = require(ppss.get(b.ue()), "PPS");
        Sps sps = require(spss.get(pps.spsId()), "SPS");
        b.u(sps.log2MaxFrameNum());
        boolean field = false;
        if (!sps.frameMbsOnly()) {
            field = b.u(1) == 1;
            if (field) {
                b.u(1);
            }
        }
        if (idr) {
            b.ue();
        }
        if (sps.pocType() == 0) {
            b.u(sps.log2MaxPocLsb());
            if (pps.bottomFieldPicOrder() && !field) {
                b.se();
            }
        } else if (sps.pocType() == 1 && !sps.deltaPicOrderAlwaysZero()) {
            b.se();
            if (pps.bottomFieldPicOrder() && !field) {
                b.se();
            }
        }
        if (pps.redundantPicCnt()) {
            b.ue();
        }
        boolean p = sliceType == 0 || sliceType == 3;
        boolean bSlice = sliceType == 1;
        if (bSlice) {
            b.u(1);
        }
        int l0 = pps.numRefIdxL0();
        int l1 = pps.numRefIdxL1();
        if (p || bSlice) {
            if (b.u(1) == 1) {
                l0 = b.ue() + 1;
                if (bSlice) {
                    l1 = b.ue() + 1;
                }
            }
        }
        if (sliceType != 2 && sliceType != 4) {
            refListModification(b);
            if (bSlice) {
                refListModification(b);
            }
        }
        if ((pps.weightedPred() && p) || (pps.weightedBipred() == 1 && bSlice)) {
            b.ue();
            if (sps.chromaArrayType() != 0) {
                b.ue();
            }
            weights(b, l0, sps.chromaArrayType() != 0);
            if (bSlice) {
                weights(b, l1, sps.chromaArrayType() != 0);
            }
        }
        if (refIdc != 0) {
            if (idr) {
                b.u(2);
            } else if (b.u(1) == 1) {
                for (int op = b.ue(); op != 0; op = b.ue()) {
                    if (op == 1 || op == 3) {
                        b.ue();
                    }
                    if (op == 2) {
                        b.ue();
                    }
                    if (op == 3 || op == 6) {
                        b.ue();
                    }
                    if (op == 4) {
                        b.ue();
                    }
                }
            }
        }
        if (pps.cabac() && sliceType != 2 && sliceType != 4) {
            b.ue();
        }
        int qp = 26 + pps.picInitQpMinus26() + b.se();
        return new Slice(firstMb, sliceType, idr, qp);
    }

    private static void refListModification(Bits b) {
        if (b.u(1) == 1) {
            for (int idc = b.ue(); idc != 3; idc = b.ue()) {
                b.ue();
            }
        }
    }

    private static void weights(Bits b, int refs, boolean chroma) {
        for (int i = 0; i < refs; i++) {
            if (b.u(1) == 1) {
                b.se();
                b.se();
            }
            if (chroma && b.u(1) == 1) {
                for (int c = 0; c < 2; c++) {
                    b.se();
                    b.se();
                }
            }
        }
    }

    private static <T> T require(T value, String what) {
        if (value == null) {
            throw new IllegalArgumentException("slice refers to a missing " + what);
        }
        return value;
    }

    /** The NAL units of an Annex-B stream, start codes removed. */
    public static List<byte[]> nalUnits(byte[] s) {
        List<Integer> starts = new ArrayList<>();
        for (int i = 0; i + 2 < s.length; i++) {
            if (s[i] == 0 && s[i + 1] == 0 && s[i + 2] == 1) {
                starts.add(i + 3);
                i += 2;
            }
        }
        List<byte[]> nals = new ArrayList<>();
        for (int k = 0; k < starts.size(); k++) {
            int from = starts.get(k);
            int to = k + 1 < starts.size() ? starts.get(k + 1) - 3 : s.length;
            while (to > from && s[to - 1] == 0) {
                to--;
            }
            if (to > from) {
                nals.add(java.util.Arrays.copyOfRange(s, from, to));
            }
        }
        return nals;
    }

    private static byte[] unescape(byte[] nal) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(nal.length);
        int zeros = 0;
        for (byte v : nal) {
            if (zeros >= 2 && v == 3) {
                zeros = 0;
                continue;
            }
            out.write(v);
            zeros = v == 0 ? zeros + 1 : 0;
        }
        return out.toByteArray();
    }

    /** An MSB-first bit reader with Exp-Golomb codes. */
    private static final class Bits {
        private final byte[] data;
        private long pos;

        Bits(byte[] data) {
            this.data = data;
        }

        int u(int n) {
            int v = 0;
            for (int i = 0; i < n; i++) {
                if (pos >= data.length * 8L) {
                    throw new IllegalArgumentException("header runs past the end of its NAL unit");
                }
                int bit = (data[(int) (pos >> 3)] >> (7 - (pos & 7))) & 1;
                v = (v << 1) | bit;
                pos++;
            }
            return v;
        }

        int ue() {
            int zeros = 0;
            while (u(1) == 0) {
                zeros++;
                if (zeros > 31) {
                    throw new IllegalArgumentException("bad Exp-Golomb code");
                }
            }
            return (int) ((1L << zeros) - 1 + (zeros == 0 ? 0 : u(zeros)));
        }

        int se() {
            int k = ue();
            return (k & 1) == 1 ? (k + 1) / 2 : -(k / 2);
        }
    }
}
