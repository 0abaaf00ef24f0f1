package io.github.camelvenc.engine.ascend;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import java.util.zip.CRC32;

import io.github.camelvenc.engine.Frame;
import io.github.camelvenc.engine.Packet;
import io.github.camelvenc.engine.PixelFormat;

/** Random frames with their expected checksums, and the parser of the simulator's slice records. */
final class SimFrames {

    private SimFrames() {
    }

    /** A frame plus the CRC-32 of its visible luma and chroma, computed here independently. */
    record Sent(Frame frame, long yCrc, long uvCrc) {
    }

    /** A random frame whose rows are {@code stride} bytes apart; bytes beyond the width are noise. */
    static Sent frame(int w, int h, int stride, PixelFormat fmt, long pts, long seed) {
        Random r = new Random(seed);
        byte[] data = new byte[stride * h * 3 / 2];
        r.nextBytes(data);
        CRC32 y = new CRC32();
        CRC32 uv = new CRC32();
        for (int row = 0; row < h; row++) {
            y.update(data, row * stride, w);
        }
        for (int row = 0; row < h / 2; row++) {
            uv.update(data, stride * h + row * stride, w);
        }
        Frame f = stride == w ? Frame.of(data, w, h, fmt, pts) : Frame.of(ByteBuffer.wrap(data), w, h, stride, fmt, pts);
        return new Sent(f, y.getValue(), uv.getValue());
    }

    /** The key=value record of the slice NAL unit in a packet. */
    static Map<String, String> record(Packet p) {
        String text = new String(p.data(), StandardCharsets.ISO_8859_1);
        int at = text.indexOf("HSIM ");
        assertNotNull(at >= 0 ? text : null, "no simulator record in " + p);
        int end = text.indexOf(" end", at);
        Map<String, String> m = new HashMap<>();
        for (String kv : text.substring(at + 5, end).split(" ")) {
            int eq = kv.indexOf('=');
            m.put(kv.substring(0, eq), kv.substring(eq + 1));
        }
        return m;
    }

    static int num(Map<String, String> rec, String key) {
        return Integer.parseInt(rec.get(key));
    }

    /** Checks that the simulator read exactly the sent frame: pts and both plane checksums. */
    static void assertSameFrame(Sent s, Packet p) {
        Map<String, String> rec = record(p);
        assertEquals(Long.toUnsignedString(s.frame().pts()), rec.get("pts"), "pts of " + p);
        assertEquals(String.format("%08x", s.yCrc()), rec.get("y"), "luma checksum of " + p);
        assertEquals(String.format("%08x", s.uvCrc()), rec.get("uv"), "chroma checksum of " + p);
    }
}
