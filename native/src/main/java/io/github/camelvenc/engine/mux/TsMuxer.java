package io.github.camelvenc.engine.mux;

import io.github.camelvenc.engine.Codec;
import io.github.camelvenc.engine.FrameType;
import io.github.camelvenc.engine.Packet;

/**
 * MPEG-2 transport stream of one video program (ISO/IEC 13818-1): PAT and PMT (program 1, PMT on PID
 * 0x1000, video on PID 0x100 with stream_type 0x1B for H.264 or 0x24 for H.265), then one PES per
 * access unit with an access unit delimiter in front, PTS (and DTS when it differs) on the 90 kHz
 * clock, a PCR in the first TS packet of every PES and the random access indicator on IDRs. PAT and
 * PMT are repeated before every IDR, so a reader can start at any IDR. Continuity counters run per
 * PID. Not thread-safe: one muxer per stream.
 */
public final class TsMuxer {
    static final int PACKET_SIZE = 188;
    static final int PMT_PID = 0x1000;
    static final int VIDEO_PID = 0x100;
    static final int STREAM_TYPE_H264 = 0x1b;
    static final int STREAM_TYPE_H265 = 0x24;
    /** PTS and DTS are this far (100 ms) ahead of the PCR, the decoder's buffering time. */
    static final long PTS_DELAY_90K = 9_000;

    private final Codec codec;
    private final Timing timing;
    private final int[] continuity = new int[0x2000];
    private Long firstPts;

    public TsMuxer(Codec codec, Timing timing) {
        this.codec = codec;
        this.timing = timing;
    }

    /**
     * PAT then PMT, one TS packet each, as the stream carries them next (the continuity counters do
     * not move): what a reader that joins late needs in front of an IDR.
     */
    public byte[] tables() {
        int pat = continuity[0];
        int pmt = continuity[PMT_PID];
        BoxWriter w = new BoxWriter(2 * PACKET_SIZE);
        writeTables(w);
        continuity[0] = pat;
        continuity[PMT_PID] = pmt;
        return w.toByteArray();
    }

    /**
     * The TS packets of one access unit: PAT and PMT first when it is an IDR (or when {@code tables}),
     * then its PES. A dropped-frame record gives no bytes.
     */
    public byte[] packet(Packet p, boolean tables) {
        if (p.isDropped()) {
            return new byte[0];
        }
        if (firstPts == null) {
            firstPts = p.pts();
        }
        boolean idr = p.frameType() == FrameType.IDR;
        BoxWriter w = new BoxWriter(p.data().length + p.data().length / 180 * 4 + 4 * PACKET_SIZE);
        if (idr || tables) {
            writeTables(w);
        }
        long pts = timing.clock90k(p.pts() - firstPts) + PTS_DELAY_90K;
        writePes(w, pes(p.data(), pts), pts - PTS_DELAY_90K, p.isKeyFrame());
        return w.toByteArray();
    }

    private void writeTables(BoxWriter w) {
        BoxWriter pat = new BoxWriter(32);
        pat.u8(0x00);
        int patLengthAt = pat.size();
        pat.u16(0).u16(1).u8(0xc1).u8(0).u8(0).u16(1).u16(0xe000 | PMT_PID);
        writeSection(w, 0, pat, patLengthAt);
        BoxWriter pmt = new BoxWriter(32);
        pmt.u8(0x02);
        int pmtLengthAt = pmt.size();
        pmt.u16(0).u16(1).u8(0xc1).u8(0).u8(0).u16(0xe000 | VIDEO_PID).u16(0xf000);
        pmt.u8(codec == Codec.H264 ? STREAM_TYPE_H264 : STREAM_TYPE_H265).u16(0xe000 | VIDEO_PID).u16(0xf000);
        writeSection(w, PMT_PID, pmt, pmtLengthAt);
    }

    /** Finishes a PSI section (section_length, CRC_32) and writes it in one TS packet, 0xFF stuffed. */
    private void writeSection(BoxWriter w, int pid, BoxWriter section, int lengthAt) {
        byte[] body = section.toByteArray();
        int sectionLength = body.length - lengthAt - 2 + 4;
        body[lengthAt] = (byte) (0xb0 | (sectionLength >> 8));
        body[lengthAt + 1] = (byte) sectionLength;
        long crc = Crc32Mpeg.of(body, 0, body.length);
        int start = w.size();
        w.u8(0x47).u16(0x4000 | pid).u8(0x10 | nextContinuity(pid)).u8(0);
        w.bytes(body).u32(crc);
        while (w.size() - start < PACKET_SIZE) {
            w.u8(0xff);
        }
    }

    /** PES header (stream_id 0xE0, unbounded length, data alignment) with the access unit, AUD first. */
    private byte[] pes(byte[] annexB, long pts) {
        boolean hasDelimiter = AnnexB.isDelimiter(codec, AnnexB.type(codec, AnnexB.split(annexB).get(0)));
        byte[] aud = AnnexB.delimiter(codec);
        BoxWriter w = new BoxWriter(annexB.length + 32);
        w.u8(0).u8(0).u8(1).u8(0xe0).u16(0).u8(0x84).u8(0x80).u8(5);
        timestamp(w, 0x2, pts);
        if (!hasDelimiter) {
            w.u32(1).bytes(aud);
        }
        w.bytes(annexB);
        return w.toByteArray();
    }

    /** A 33-bit timestamp in the 5-byte PES form behind its 4-bit prefix. */
    private static void timestamp(BoxWriter w, int prefix, long ts) {
        long t = ts & 0x1ffffffffL;
        w.u8((int) (prefix << 4 | ((t >> 29) & 0x0e) | 1));
        w.u16((int) (((t >> 14) & 0xfffe) | 1));
        w.u16((int) (((t << 1) & 0xfffe) | 1));
    }

    /** Splits a PES into TS packets: PCR and random access flag in the first, stuffing in the last. */
    private void writePes(BoxWriter w, byte[] pes, long pcr90k, boolean randomAccess) {
        int offset = 0;
        boolean first = true;
        while (offset < pes.length) {
            int remaining = pes.length - offset;
            int adaptation = first ? 8 : 0;
            if (remaining < PACKET_SIZE - 4 - adaptation) {
                adaptation = PACKET_SIZE - 4 - remaining;
            }
            int payload = Math.min(remaining, PACKET_SIZE - 4 - adaptation);
            w.u8(0x47).u16((first ? 0x4000 : 0) | VIDEO_PID)
                    .u8((adaptation > 0 ? 0x30 : 0x10) | nextContinuity(VIDEO_PID));
            if (adaptation > 0) {
                w.u8(adaptation - 1);
                int written = 1;
                if (adaptation > 1) {
                    w.u8(first ? (randomAccess ? 0x40 : 0) | 0x10 : 0);
                    written++;
                    if (first) {
                        long base = pcr90k & 0x1ffffffffL;
                        w.u32(base >>> 1).u16((int) ((base & 1) << 15 | 0x7e00));
                        written += 6;
                    }
                }
                for (; written < adaptation; written++) {
                    w.u8(0xff);
                }
            }
            w.bytes(pes, offset, payload);
            offset += payload;
            first = false;
        }
    }

    private int nextContinuity(int pid) {
        int cc = continuity[pid];
        continuity[pid] = (cc + 1) & 0x0f;
        return cc;
    }
}
