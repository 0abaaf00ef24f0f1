package io.github.camelvenc.engine.mux;

/**
 * Reads the RBSP of one NAL unit bit by bit (ITU-T H.264 / H.265 clause 7.2): the emulation prevention
 * bytes ({@code 00 00 03}) are dropped, {@code ue(v)}/{@code se(v)} are Exp-Golomb codes.
 */
final class BitReader {
    private final byte[] rbsp;
    private final int length;
    private long bit;

    /** Reads {@code nal} from byte {@code skip} on (past its NAL unit header). */
    BitReader(byte[] nal, int skip) {
        rbsp = new byte[nal.length];
        int n = 0;
        int zeros = 0;
        for (int i = skip; i < nal.length; i++) {
            int b = nal[i] & 0xff;
            if (zeros >= 2 && b == 3) {
                zeros = 0;
                continue;
            }
            zeros = b == 0 ? zeros + 1 : 0;
            rbsp[n++] = (byte) b;
        }
        length = n;
    }

    /** The next bit. */
    boolean flag() {
        return bits(1) == 1;
    }

    /** The next {@code n} bits (n up to 32) as an unsigned value. */
    long bits(int n) {
        long v = 0;
        for (int i = 0; i < n; i++) {
            if (bit >= (long) length * 8) {
                throw new MuxException("Parameter set ends early (" + length + " bytes)");
            }
            int b = (rbsp[(int) (bit >>> 3)] >>> (7 - (bit & 7))) & 1;
            v = (v << 1) | b;
            bit++;
        }
        return v;
    }

    int u(int n) {
        return (int) bits(n);
    }

    void skip(int n) {
        bits(n);
    }

    /** Unsigned Exp-Golomb. */
    int ue() {
        int zeros = 0;
        while (!flag()) {
            if (++zeros > 31) {
                throw new MuxException("Exp-Golomb code longer than 32 bits in a parameter set");
            }
        }
        return (int) ((1L << zeros) - 1 + bits(zeros));
    }

    /** Signed Exp-Golomb. */
    int se() {
        int k = ue();
        return (k & 1) == 1 ? (k + 1) / 2 : -(k / 2);
    }
}
