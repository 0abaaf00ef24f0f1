package io.github.camelvenc.engine.mux;

import static io.github.camelvenc.engine.mux.Boxes.table;
import static io.github.camelvenc.engine.mux.Boxes.types;
import static io.github.camelvenc.engine.mux.Boxes.u16;
import static io.github.camelvenc.engine.mux.Boxes.u32;
import static io.github.camelvenc.engine.mux.Boxes.u64;
import static io.github.camelvenc.engine.mux.EncodedClips.FRAMES;
import static io.github.camelvenc.engine.mux.EncodedClips.H;
import static io.github.camelvenc.engine.mux.EncodedClips.TIMING;
import static io.github.camelvenc.engine.mux.EncodedClips.W;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.camelvenc.engine.Codec;
import io.github.camelvenc.engine.FrameType;
import io.github.camelvenc.engine.Packet;
import io.github.camelvenc.engine.Profile;
import io.github.camelvenc.engine.mux.Boxes.Box;
import io.github.camelvenc.engine.testing.MediaTools;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Byte layout of what the muxers write, read back with a box walker and TS parser of the test's own. */
class MuxLayoutTest {
    private static final long TIMESCALE = 90_000;
    private static final long FRAME_TICKS = TIMESCALE / EncodedClips.FPS;

    @TempDir
    Path dir;

    @Test
    void crcAndExpGolombFollowTheStandards() {
        assertEquals(0x0376e6e7L, Crc32Mpeg.of("123456789".getBytes(StandardCharsets.US_ASCII), 0, 9),
                "CRC-32/MPEG-2 check value");
        // 1 | 010 | 011 | 00100 | 00101 -> ue 0, 1, 2, 3; then se of code 4 = -2
        BitReader r = new BitReader(new byte[] {(byte) 0xa6, 0x42, (byte) 0x80}, 0);
        assertEquals(0, r.ue());
        assertEquals(1, r.ue());
        assertEquals(2, r.ue());
        assertEquals(3, r.ue());
        assertEquals(-2, r.se());
        BitReader escaped = new BitReader(new byte[] {0x67, 0x00, 0x00, 0x03, 0x01, (byte) 0xff}, 1);
        assertEquals(0x000001ffL, escaped.bits(32), "00 00 03 loses its emulation prevention byte");
    }

    @ParameterizedTest
    @EnumSource(Codec.class)
    void codecStringAndSizeComeFromTheSpsAndAgreeWithFfprobe(Codec codec) throws Exception {
        for (int[] size : new int[][] {{W, H}, {330, 250}}) {
            List<Packet> packets = EncodedClips.encode(EncodedClips.config(codec).width(size[0]).height(size[1]).build(), 1);
            VideoTrack track = VideoTrack.of(codec, packets.get(0));
            assertEquals(size[0], track.width(), "width after cropping");
            assertEquals(size[1], track.height(), "height after cropping");
            Path es = dir.resolve("sps-" + size[0] + "." + codec.id());
            Files.write(es, packets.get(0).data());
            String level = MediaTools.run("ffprobe", "-v", "error", "-show_entries", "stream=level", "-of", "csv=p=0",
                    es.toString()).stdoutText().trim();
            if (codec == Codec.H264) {
                assertTrue(track.codecString().matches("avc1\\.6400[0-9a-f]{2}"), track.codecString());
                assertEquals(Integer.parseInt(level), Integer.parseInt(track.codecString().substring(9), 16),
                        "level_idc of the codec string and ffprobe's level");
            } else {
                assertTrue(track.codecString().matches("hvc1\\.1\\.6\\.L\\d+\\.[0-9A-F]{1,2}(\\.[0-9A-F]{1,2})*"),
                        track.codecString());
                assertEquals("L" + level, track.codecString().split("\\.")[3], "general_level_idc");
            }
        }
        if (codec == Codec.H264) {
            List<Packet> baseline = EncodedClips.encode(EncodedClips.config(codec).profile(Profile.BASELINE).build(), 1);
            assertTrue(VideoTrack.of(codec, baseline.get(0)).codecString().startsWith("avc1.42"),
                    "Baseline profile_idc 66");
        }
    }

    @ParameterizedTest
    @EnumSource(Codec.class)
    void progressiveMp4HasItsIndexInFrontAndEverySampleWhereTheTableSays(Codec codec) {
        List<Packet> packets = EncodedClips.packets(codec);
        VideoTrack track = VideoTrack.of(codec, packets.get(0));
        byte[] mp4 = ClipMuxer.mux(Container.MP4, codec, TIMING, packets);
        List<Box> top = Boxes.parse(mp4);
        assertEquals(List.of("ftyp", "moov", "mdat"), types(top), "fast start: moov before mdat");
        Box moov = top.get(1);
        Box mdat = top.get(2);
        assertEquals(TIMESCALE, u32(mp4, moov.path("trak/mdia/mdhd").payload() + 12), "media timescale");
        assertEquals(FRAMES * FRAME_TICKS, u32(mp4, moov.path("trak/mdia/mdhd").payload() + 16), "media duration");
        assertEquals(FRAMES * 1000L / EncodedClips.FPS, u32(mp4, moov.child("mvhd").payload() + 16), "movie duration ms");
        Box tkhd = moov.path("trak/tkhd");
        assertEquals(W << 16, u32(mp4, tkhd.offset() + tkhd.size() - 8), "tkhd width 16.16");
        assertEquals(H << 16, u32(mp4, tkhd.offset() + tkhd.size() - 4), "tkhd height 16.16");
        Box stbl = moov.path("trak/mdia/minf/stbl");
        assertEquals(List.of("stsd", "stts", "stss", "stsc", "stsz", "stco"), types(stbl.children()),
                "no ctts without reordering");
        List<long[]> stts = table(mp4, stbl.child("stts"), 0, 2);
        assertEquals(1, stts.size());
        assertArrayEquals(new long[] {FRAMES, FRAME_TICKS}, stts.get(0));
        assertEquals(List.of(1L, 26L, 51L), table(mp4, stbl.child("stss"), 0, 1).stream().map(r -> r[0]).toList(),
                "sync samples are the IDRs, 1-based");
        List<long[]> sizes = table(mp4, stbl.child("stsz"), 4, 1);
        assertEquals(0, u32(mp4, stbl.child("stsz").payload() + 4), "sizes per sample");
        long offset = table(mp4, stbl.child("stco"), 0, 1).get(0)[0];
        assertEquals(mdat.payload(), offset, "the chunk starts at the mdat payload");
        int at = (int) offset;
        for (int i = 0; i < FRAMES; i++) {
            byte[] sample = track.sample(packets.get(i).data());
            assertEquals(sample.length, sizes.get(i)[0], "stsz of sample " + i);
            assertArrayEquals(sample, Arrays.copyOfRange(mp4, at, at + sample.length), "bytes of sample " + i);
            at += sample.length;
        }
        assertEquals(mdat.offset() + mdat.size(), at, "mdat holds exactly the samples");
        assertSampleEntry(mp4, stbl.child("stsd"), track);
    }

    private static void assertSampleEntry(byte[] file, Box stsd, VideoTrack track) {
        int entry = stsd.payload() + 8;
        String type = new String(file, entry + 4, 4, StandardCharsets.ISO_8859_1);
        assertEquals(track.codec() == Codec.H264 ? "avc1" : "hvc1", type);
        assertEquals(1, u16(file, entry + 14), "data_reference_index");
        assertEquals(W, u16(file, entry + 32));
        assertEquals(H, u16(file, entry + 34));
        int config = entry + 86;
        assertEquals(track.codec() == Codec.H264 ? "avcC" : "hvcC",
                new String(file, config + 4, 4, StandardCharsets.ISO_8859_1));
        int c = config + 8;
        assertEquals(1, file[c], "configurationVersion");
        List<byte[]> sets = track.parameterSets();
        if (track.codec() == Codec.H264) {
            byte[] sps = sets.get(0);
            assertArrayEquals(Arrays.copyOfRange(sps, 1, 4), Arrays.copyOfRange(file, c + 1, c + 4),
                    "profile, compatibility and level copied from the SPS");
            assertEquals(0xff, file[c + 4] & 0xff, "lengthSizeMinusOne = 3");
            assertEquals(0xe1, file[c + 5] & 0xff, "one SPS");
            assertEquals(sps.length, u16(file, c + 6));
            assertArrayEquals(sps, Arrays.copyOfRange(file, c + 8, c + 8 + sps.length));
            int p = c + 8 + sps.length;
            assertEquals(1, file[p], "one PPS");
            assertArrayEquals(sets.get(1), Arrays.copyOfRange(file, p + 3, p + 3 + sets.get(1).length));
            assertEquals(0xfd, file[p + 3 + sets.get(1).length] & 0xff, "High profile extension: chroma_format 4:2:0");
        } else {
            assertEquals(0xf000, u16(file, c + 13), "min_spatial_segmentation_idc 0 behind reserved ones");
            assertEquals(0xfd, file[c + 16] & 0xff, "chromaFormat 4:2:0");
            assertEquals(3, file[c + 21] & 3, "lengthSizeMinusOne = 3");
            assertEquals(3, file[c + 22], "VPS, SPS and PPS arrays");
            int a = c + 23;
            for (int i = 0; i < 3; i++) {
                assertEquals(0x80 | (32 + i), file[a] & 0xff, "array_completeness and NAL type of array " + i);
                assertEquals(1, u16(file, a + 1));
                int len = u16(file, a + 3);
                assertArrayEquals(sets.get(i), Arrays.copyOfRange(file, a + 5, a + 5 + len));
                a += 5 + len;
            }
        }
    }

    @ParameterizedTest
    @EnumSource(Codec.class)
    void fragmentedMp4HasOneFragmentPerGopAddressedFromItsMoof(Codec codec) {
        List<Packet> packets = EncodedClips.packets(codec);
        VideoTrack track = VideoTrack.of(codec, packets.get(0));
        byte[] f = ClipMuxer.mux(Container.FMP4, codec, TIMING, packets);
        List<Box> top = Boxes.parse(f);
        assertEquals(List.of("ftyp", "moov", "moof", "mdat", "moof", "mdat", "moof", "mdat"), types(top));
        Box moov = top.get(1);
        assertTrue(moov.has("mvex"), "mvex announces fragments");
        Box trex = moov.path("mvex/trex");
        assertEquals(1, u32(f, trex.payload() + 4), "trex track_ID");
        assertEquals(0, table(f, moov.path("trak/mdia/minf/stbl/stsz"), 4, 1).size(), "no samples in the moov");
        int[] counts = {25, 25, 10};
        int sample = 0;
        for (int k = 0; k < 3; k++) {
            Box moof = top.get(2 + 2 * k);
            Box mdat = top.get(3 + 2 * k);
            assertEquals(k + 1, u32(f, moof.child("mfhd").payload() + 4), "sequence_number");
            Box traf = moof.child("traf");
            assertEquals(0x020000, u32(f, traf.child("tfhd").payload()) & 0xffffff, "default-base-is-moof");
            assertEquals(1, f[traf.child("tfdt").payload()], "tfdt version 1");
            assertEquals(k * 25L * FRAME_TICKS, u64(f, traf.child("tfdt").payload() + 4), "baseMediaDecodeTime");
            Box trun = traf.child("trun");
            int p = trun.payload();
            assertEquals(0xf01, u32(f, p) & 0xffffff, "trun: data offset, duration, size, flags, cto");
            assertEquals(counts[k], u32(f, p + 4));
            assertEquals(mdat.payload() - moof.offset(), u32(f, p + 8), "data_offset from the moof to the mdat payload");
            int at = mdat.payload();
            for (int i = 0; i < counts[k]; i++, sample++) {
                int e = p + 12 + 16 * i;
                byte[] s = track.sample(packets.get(sample).data());
                assertEquals(FRAME_TICKS, u32(f, e));
                assertEquals(s.length, u32(f, e + 4));
                assertEquals(i == 0 ? FragmentBoxes.SYNC_SAMPLE_FLAGS : FragmentBoxes.NON_SYNC_SAMPLE_FLAGS, u32(f, e + 8));
                assertEquals(0, u32(f, e + 12));
                assertArrayEquals(s, Arrays.copyOfRange(f, at, at + s.length));
                at += s.length;
            }
            assertEquals(mdat.offset() + mdat.size(), at);
        }
    }

    @Test
    void reorderedPtsGiveCompositionOffsetsAndAnEditList() {
        Codec codec = Codec.H264;
        List<Packet> real = EncodedClips.packets(codec).subList(0, 5);
        long[] pts = {0, 2, 1, 4, 3};
        List<Packet> reordered = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            Packet p = real.get(i);
            reordered.add(new Packet(p.data(), pts[i], i, i, i == 0 ? FrameType.IDR : FrameType.P, p.nalTypes()));
        }
        byte[] mp4 = ClipMuxer.mux(Container.MP4, codec, TIMING, reordered);
        Box trak = Boxes.parse(mp4).get(1).child("trak");
        List<long[]> ctts = table(mp4, trak.path("mdia/minf/stbl/ctts"), 0, 2);
        List<Long> offsets = new ArrayList<>();
        for (long[] run : ctts) {
            for (int i = 0; i < run[0]; i++) {
                offsets.add(run[1] / FRAME_TICKS);
            }
        }
        assertEquals(List.of(1L, 2L, 0L, 2L, 0L), offsets, "pts minus dts with dts = sorted pts shifted by one frame");
        Box elst = trak.path("edts/elst");
        assertEquals(FRAME_TICKS, u32(mp4, elst.payload() + 12), "presentation starts at the first pts");
        List<Packet> duplicate = List.of(reordered.get(0), reordered.get(1), new Packet(real.get(2).data(), 2, 2, 2,
                FrameType.P, real.get(2).nalTypes()));
        MuxException e = assertThrows(MuxException.class, () -> ClipMuxer.mux(Container.MP4, codec, TIMING, duplicate));
        assertTrue(e.getMessage().contains("share pts 2"), e.getMessage());
    }

    @ParameterizedTest
    @EnumSource(Codec.class)
    void transportStreamHasTablesInFrontOfEveryIdrAndOnePesPerAccessUnit(Codec codec) {
        List<Packet> packets = EncodedClips.packets(codec);
        byte[] ts = ClipMuxer.mux(Container.TS, codec, TIMING, packets);
        assertEquals(0, ts.length % 188);
        int[] cc = new int[0x2000];
        Arrays.fill(cc, -1);
        List<Integer> pids = new ArrayList<>();
        List<Long> pesPts = new ArrayList<>();
        List<Boolean> randomAccess = new ArrayList<>();
        for (int at = 0; at < ts.length; at += 188) {
            assertEquals(0x47, ts[at] & 0xff, "sync byte at " + at);
            boolean start = (ts[at + 1] & 0x40) != 0;
            int pid = u16(ts, at + 1) & 0x1fff;
            int afc = (ts[at + 3] >> 4) & 3;
            int counter = ts[at + 3] & 0x0f;
            assertTrue(afc == 1 || afc == 3, "payload present");
            if (cc[pid] >= 0) {
                assertEquals((cc[pid] + 1) & 0x0f, counter, "continuity of PID " + pid + " at " + at);
            }
            cc[pid] = counter;
            int payload = at + 4 + (afc == 3 ? 1 + (ts[at + 4] & 0xff) : 0);
            if (pid == 0 || pid == TsMuxer.PMT_PID) {
                assertTrue(start);
                int section = payload + 1;
                int length = u16(ts, section + 1) & 0x0fff;
                assertEquals(0, Crc32Mpeg.of(ts, section, 3 + length), "CRC_32 of the section");
                if (pid == 0) {
                    assertEquals(TsMuxer.PMT_PID, u16(ts, section + 10) & 0x1fff, "PAT points to the PMT");
                } else {
                    assertEquals(TsMuxer.VIDEO_PID, u16(ts, section + 8) & 0x1fff, "PCR PID");
                    assertEquals(codec == Codec.H264 ? 0x1b : 0x24, ts[section + 12] & 0xff, "stream_type");
                    assertEquals(TsMuxer.VIDEO_PID, u16(ts, section + 13) & 0x1fff, "elementary PID");
                }
                pids.add(pid);
            } else {
                assertEquals(TsMuxer.VIDEO_PID, pid);
                if (start) {
                    pids.add(pid);
                    assertTrue(afc == 3 && (ts[at + 5] & 0x10) != 0, "PCR in the first packet of a PES");
                    randomAccess.add((ts[at + 5] & 0x40) != 0);
                    assertEquals(0x000001e0, u32(ts, payload), "PES start code, video stream_id");
                    assertEquals(0x80, ts[payload + 7] & 0xc0, "PTS only");
                    int t = payload + 9;
                    long v = ((long) (ts[t] & 0x0e) << 29) | ((long) u16(ts, t + 1) >> 1 << 15) | (u16(ts, t + 3) >> 1);
                    pesPts.add(v);
                    byte[] aud = AnnexB.delimiter(codec);
                    assertArrayEquals(aud, Arrays.copyOfRange(ts, t + 9, t + 9 + aud.length), "access unit delimiter first");
                }
            }
        }
        List<Integer> expected = new ArrayList<>();
        for (int i = 0; i < FRAMES; i++) {
            if (i % EncodedClips.GOP == 0) {
                expected.add(0);
                expected.add(TsMuxer.PMT_PID);
            }
            expected.add(TsMuxer.VIDEO_PID);
        }
        assertEquals(expected, pids, "PAT and PMT before every IDR, one PES per access unit");
        for (int i = 0; i < FRAMES; i++) {
            assertEquals(TsMuxer.PTS_DELAY_90K + i * 3600L, pesPts.get(i), "PTS of PES " + i);
            assertEquals(i % EncodedClips.GOP == 0, randomAccess.get(i), "random_access_indicator of PES " + i);
        }
    }

    @Test
    void liveMuxerCutsSegmentsAtIdrsAndStartsEachWithItsInitSegment() {
        Codec codec = Codec.H264;
        List<Packet> packets = EncodedClips.packets(codec);
        LiveMuxer mux = new LiveMuxer(Container.FMP4, codec, TIMING, 1000);
        List<LiveMuxer.Chunk> chunks = packets.stream().map(mux::accept).toList();
        for (int i = 0; i < FRAMES; i++) {
            LiveMuxer.Chunk c = chunks.get(i);
            assertEquals(i % 25 == 0, c.segmentStart(), "segment start at frame " + i);
            assertEquals(i / 25, c.segment());
            assertEquals(i / 25.0, c.time(), 1e-9);
            List<String> types = types(Boxes.parse(c.data()));
            assertEquals(c.segmentStart() ? List.of("ftyp", "moov", "moof", "mdat") : List.of("moof", "mdat"), types);
            assertEquals(List.of("moof", "mdat"), types(Boxes.parse(c.media())));
            Box tfdt = Boxes.parse(c.media()).get(0).path("traf/tfdt");
            assertEquals((i % 25) * FRAME_TICKS, u64(c.media(), tfdt.payload() + 4),
                    "decode times restart at 0 in each segment");
        }
        LiveMuxer never = new LiveMuxer(Container.TS, codec, TIMING, 0);
        assertEquals(List.of(true, false), packets.stream().map(never::accept).filter(LiveMuxer.Chunk::keyFrame)
                .map(LiveMuxer.Chunk::segmentStart).distinct().toList(), "segmentMillis 0: one segment");
        LiveMuxer late = new LiveMuxer(Container.FMP4, codec, TIMING, 0);
        MuxException notIdr = assertThrows(MuxException.class, () -> late.accept(packets.get(1)));
        assertTrue(notIdr.getMessage().contains("must start with an IDR"), notIdr.getMessage());
        late.accept(packets.get(0));
        MuxException back = assertThrows(MuxException.class, () -> late.accept(packets.get(0)));
        assertTrue(back.getMessage().contains("increasing pts"), back.getMessage());
    }

    @Test
    void hlsPlaylistListsCompleteSegmentsInItsWindow() {
        List<Packet> packets = EncodedClips.packets(Codec.H264);
        LiveMuxer mux = new LiveMuxer(Container.FMP4, Codec.H264, Timing.frames(5), 0);
        HlsPlaylist hls = new HlsPlaylist(Container.FMP4, 1, 3);
        assertEquals(null, hls.playlist(), "nothing to list before a segment is complete");
        for (Packet p : packets) {
            hls.add(mux.accept(p));
        }
        hls.end(FRAMES / 5.0);
        assertEquals("#EXTM3U\n#EXT-X-VERSION:7\n#EXT-X-TARGETDURATION:5\n#EXT-X-MEDIA-SEQUENCE:0\n"
                + "#EXT-X-INDEPENDENT-SEGMENTS\n#EXT-X-MAP:URI=\"init.mp4\"\n"
                + "#EXTINF:5.000,\nseg-0.m4s\n#EXTINF:5.000,\nseg-1.m4s\n#EXTINF:2.000,\nseg-2.m4s\n#EXT-X-ENDLIST\n",
                hls.playlist(), "gop 25 at 5 fps: 5 s segments although 1 s was asked, so the target duration grows");
        assertEquals(List.of("moof", "mdat"), types(Boxes.parse(hls.segment("seg-1.m4s"))).subList(0, 2));
        assertEquals(List.of("ftyp", "moov"), types(Boxes.parse(hls.init())));
        assertFalse(hls.playlist().contains("seg-3"));
        assertEquals(null, hls.segment("seg-3.m4s"));
        LiveMuxer cut = new LiveMuxer(Container.FMP4, Codec.H264, Timing.frames(5), 1000);
        HlsPlaylist fed = new HlsPlaylist(Container.FMP4, 1, 3);
        List<LiveMuxer.Chunk> chunks = packets.stream().map(cut::accept).toList();
        fed.add(chunks.get(0));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> fed.add(chunks.get(25)));
        assertTrue(e.getMessage().contains("segmentMillis 0"), e.getMessage());
    }

    @Test
    void accessUnitWithoutStartCodeIsAClearError() {
        Packet bad = new Packet(new byte[] {1, 2, 3, 4}, 0, 0, 0, FrameType.IDR, new int[] {5});
        MuxException e = assertThrows(MuxException.class, () -> ClipMuxer.mux(Container.MP4, Codec.H264, TIMING, List.of(bad)));
        assertTrue(e.getMessage().contains("no Annex-B start code"), e.getMessage());
        Packet noSets = EncodedClips.packets(Codec.H265).get(1);
        MuxException missing = assertThrows(MuxException.class, () -> VideoTrack.of(Codec.H265, noSets));
        assertTrue(missing.getMessage().contains("VPS, SPS, PPS"), missing.getMessage());
    }
}
