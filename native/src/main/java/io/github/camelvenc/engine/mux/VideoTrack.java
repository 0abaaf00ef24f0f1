package io.github.camelvenc.engine.mux;

import io.github.camelvenc.engine.Codec;
import io.github.camelvenc.engine.Packet;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The video track of a container: codec, parameter sets and what they say (picture size, profile,
 * level, codec string), read from the first IDR access unit. Builds the {@code avc1}/{@code hvc1}
 * sample entry (ISO/IEC 14496-15 clauses 5.4 and 8.4) with the parameter sets in its {@code avcC} or
 * {@code hvcC}, and turns Annex-B access units into 4-byte length-prefixed samples.
 */
public final class VideoTrack {
    private static final int NAL_LENGTH_SIZE = 4;

    private final Codec codec;
    private final List<byte[]> vps;
    private final List<byte[]> sps;
    private final List<byte[]> pps;
    private final int width;
    private final int height;
    private final String codecString;
    private final AvcSps avcSps;
    private final HevcSps hevcSps;

    private VideoTrack(Codec codec, List<byte[]> vps, List<byte[]> sps, List<byte[]> pps) {
        this.codec = codec;
        this.vps = vps;
        this.sps = sps;
        this.pps = pps;
        if (codec == Codec.H264) {
            avcSps = AvcSps.parse(sps.get(0));
            hevcSps = null;
            width = avcSps.width();
            height = avcSps.height();
            codecString = avcSps.codecString();
        } else {
            avcSps = null;
            hevcSps = HevcSps.parse(sps.get(0));
            width = hevcSps.width();
            height = hevcSps.height();
            codecString = hevcSps.codecString();
        }
    }

    /** The track of a stream whose first access unit is {@code idr}, which must carry the parameter sets. */
    public static VideoTrack of(Codec codec, Packet idr) {
        if (idr.isDropped()) {
            throw new MuxException("A container starts with an IDR access unit, not a dropped frame");
        }
        List<byte[]> vps = new ArrayList<>();
        List<byte[]> sps = new ArrayList<>();
        List<byte[]> pps = new ArrayList<>();
        for (byte[] nal : AnnexB.split(idr.data())) {
            int type = AnnexB.type(codec, nal);
            if (codec == Codec.H264 ? type == AnnexB.AVC_SPS : type == AnnexB.HEVC_SPS) {
                sps.add(nal);
            } else if (codec == Codec.H264 ? type == AnnexB.AVC_PPS : type == AnnexB.HEVC_PPS) {
                pps.add(nal);
            } else if (codec == Codec.H265 && type == AnnexB.HEVC_VPS) {
                vps.add(nal);
            }
        }
        if (sps.isEmpty() || pps.isEmpty() || codec == Codec.H265 && vps.isEmpty()) {
            throw new MuxException("The first access unit of a " + codec + " container must carry its parameter sets ("
                    + (codec == Codec.H265 ? "VPS, " : "") + "SPS, PPS); got " + idr);
        }
        return new VideoTrack(codec, List.copyOf(vps), List.copyOf(sps), List.copyOf(pps));
    }

    public Codec codec() {
        return codec;
    }

    /** Displayed width from the SPS. */
    public int width() {
        return width;
    }

    /** Displayed height from the SPS. */
    public int height() {
        return height;
    }

    /** RFC 6381 / ISO/IEC 14496-15 codec string, for example {@code avc1.64001f} or {@code hvc1.1.6.L93.B0}. */
    public String codecString() {
        return codecString;
    }

    /** MIME type with codecs parameter, for MSE: {@code video/mp4; codecs="..."}. */
    public String mimeType() {
        return "video/mp4; codecs=\"" + codecString + "\"";
    }

    /** The parameter set NAL units, VPS first (H.265), then SPS, then PPS. */
    public List<byte[]> parameterSets() {
        List<byte[]> all = new ArrayList<>(vps);
        all.addAll(sps);
        all.addAll(pps);
        return all;
    }

    /**
     * The access unit as a sample: each NAL unit behind its 4-byte length. Access unit delimiters and
     * parameter sets equal to the sample entry's are left out (they live in the sample entry); a
     * parameter set that differs stays in the sample, so a decoder still sees it.
     */
    public byte[] sample(byte[] annexB) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(annexB.length + 16);
        List<byte[]> known = parameterSets();
        for (byte[] nal : AnnexB.split(annexB)) {
            int type = AnnexB.type(codec, nal);
            if (AnnexB.isDelimiter(codec, type)
                    || AnnexB.isParameterSet(codec, type) && known.stream().anyMatch(k -> Arrays.equals(k, nal))) {
                continue;
            }
            out.write(nal.length >>> 24);
            out.write(nal.length >>> 16);
            out.write(nal.length >>> 8);
            out.write(nal.length);
            out.writeBytes(nal);
        }
        return out.toByteArray();
    }

    /** Writes the visual sample entry ({@code avc1} or {@code hvc1}) with its configuration box. */
    void writeSampleEntry(BoxWriter w) {
        w.box(codec == Codec.H264 ? "avc1" : "hvc1");
        w.zeros(6).u16(1);
        w.u16(0).u16(0).zeros(12);
        w.u16(width).u16(height);
        w.u32(0x00480000L).u32(0x00480000L).u32(0);
        w.u16(1);
        w.zeros(32);
        w.u16(0x0018).u16(0xffff);
        if (codec == Codec.H264) {
            writeAvcC(w);
        } else {
            writeHvcC(w);
        }
        w.end();
    }

    /** AVCDecoderConfigurationRecord, ISO/IEC 14496-15 clause 5.3.3.1. */
    private void writeAvcC(BoxWriter w) {
        w.box("avcC");
        w.u8(1).u8(avcSps.profileIdc()).u8(avcSps.constraintFlags()).u8(avcSps.levelIdc());
        w.u8(0xfc | (NAL_LENGTH_SIZE - 1));
        w.u8(0xe0 | sps.size());
        for (byte[] s : sps) {
            w.u16(s.length).bytes(s);
        }
        w.u8(pps.size());
        for (byte[] p : pps) {
            w.u16(p.length).bytes(p);
        }
        int profile = avcSps.profileIdc();
        if (profile == 100 || profile == 110 || profile == 122 || profile == 144) {
            w.u8(0xfc | avcSps.chromaFormatIdc());
            w.u8(0xf8 | (avcSps.bitDepthLuma() - 8));
            w.u8(0xf8 | (avcSps.bitDepthChroma() - 8));
            w.u8(0);
        }
        w.end();
    }

    /** HEVCDecoderConfigurationRecord, ISO/IEC 14496-15 clause 8.3.3.1; parameter set arrays complete. */
    private void writeHvcC(BoxWriter w) {
        HevcSps s = hevcSps;
        w.box("hvcC");
        w.u8(1);
        w.u8(s.profileSpace() << 6 | (s.tierFlag() ? 0x20 : 0) | s.profileIdc());
        w.u32(s.compatibilityFlags());
        w.u16((int) (s.constraintFlags() >>> 32)).u32(s.constraintFlags() & 0xffffffffL);
        w.u8(s.levelIdc());
        w.u16(0xf000);
        w.u8(0xfc);
        w.u8(0xfc | s.chromaFormatIdc());
        w.u8(0xf8 | (s.bitDepthLuma() - 8));
        w.u8(0xf8 | (s.bitDepthChroma() - 8));
        w.u16(0);
        w.u8(s.maxSubLayers() << 3 | (s.temporalIdNesting() ? 4 : 0) | (NAL_LENGTH_SIZE - 1));
        w.u8(3);
        writeArray(w, AnnexB.HEVC_VPS, vps);
        writeArray(w, AnnexB.HEVC_SPS, sps);
        writeArray(w, AnnexB.HEVC_PPS, pps);
        w.end();
    }

    private static void writeArray(BoxWriter w, int type, List<byte[]> units) {
        w.u8(0x80 | type).u16(units.size());
        for (byte[] u : units) {
            w.u16(u.length).bytes(u);
        }
    }
}
