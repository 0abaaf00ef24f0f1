package io.github.camelvenc.engine.testing;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

/**
 * One generated hostile clip for the fuzz suites (engine and CLI in {@code venc-native}, clip mode
 * in the component): its bytes, whether it is Y4M, the size claimed for raw input, and what must
 * come out.
 */
public record HostileClip(String what, byte[] bytes, boolean y4m, int width, int height, int frames, boolean mayFail) {

    /**
     * The i-th clip: valid Y4M, cut Y4M, huge or hostile Y4M dimensions, random header tokens,
     * bad frame markers, raw clips of random claimed sizes and lengths. {@code frames} is the
     * frame count a valid clip gives, -1 for an invalid one; {@code mayFail} when random header
     * tokens leave the outcome open (then a success must still give every frame).
     */
    public static HostileClip generate(int i, Random r) {
        int w = 16 + 2 * r.nextInt(16);
        int h = 16 + 2 * r.nextInt(16);
        int n = 1 + r.nextInt(3);
        String size = "W" + w + " H" + h;
        switch (i % 8) {
            case 0: {
                String tags = size + " F" + (1 + r.nextInt(60)) + ":" + (1 + r.nextInt(2))
                        + (r.nextBoolean() ? " Ip" : "") + (r.nextBoolean() ? " A1:1" : "")
                        + (r.nextBoolean() ? " C420jpeg" : "") + (r.nextBoolean() ? " XCOLORRANGE=LIMITED" : "");
                return new HostileClip("valid Y4M " + tags + ", " + n + " frames", y4m(tags, w, h, n, r), true, 0, 0,
                        n, false);
            }
            case 1: {
                byte[] whole = y4m(size + " F30:1", w, h, n, r);
                int frameBytes = 6 + w * h * 3 / 2;
                int headerBytes = whole.length - n * frameBytes;
                int cut;
                do {
                    cut = headerBytes + r.nextInt(n * frameBytes);
                } while ((cut - headerBytes) % frameBytes == 0);
                return new HostileClip("Y4M " + size + " cut at byte " + cut + " of " + whole.length,
                        Arrays.copyOf(whole, cut), true, 0, 0, -1, false);
            }
            case 2: {
                String[] sides = {"8192", "8190", "46340", "30000", "99999999999", "-16", "0", "1e3", "", "16.5"};
                String tags = "W" + sides[r.nextInt(sides.length)] + " H" + sides[r.nextInt(sides.length)]
                        + " F30:1";
                byte[] body = ("FRAME\n" + "x".repeat(r.nextInt(2000))).getBytes(StandardCharsets.US_ASCII);
                return new HostileClip("huge Y4M " + tags, concat(("YUV4MPEG2 " + tags + "\n").getBytes(
                        StandardCharsets.US_ASCII), body), true, 0, 0, -1, false);
            }
            case 3: {
                StringBuilder tags = new StringBuilder(size);
                int count = 1 + r.nextInt(3);
                for (int t = 0; t < count; t++) {
                    tags.append(' ').append("FCIAXZ".charAt(r.nextInt(6))).append(garbage(r, 1 + r.nextInt(12)));
                }
                return new HostileClip("Y4M with random tags " + tags, y4m(tags.toString(), w, h, n, r), true, 0, 0, n,
                        true);
            }
            case 4: {
                String marker = List.of("FRAMX", "FRAME" + "x".repeat(5000), "FRAMES", "", "FRAME\u0000")
                        .get(r.nextInt(5));
                byte[] head = ("YUV4MPEG2 " + size + " F25:1\n" + marker + "\n").getBytes(StandardCharsets.ISO_8859_1);
                return new HostileClip("Y4M frame marker " + marker.length() + " chars", concat(head,
                        new byte[w * h * 3 / 2]), true, 0, 0, -1, false);
            }
            case 5: {
                int length = (1 + r.nextInt(3)) * w * h * 3 / 2 - (r.nextBoolean() ? 0 : 1 + r.nextInt(w * h));
                byte[] body = new byte[length];
                r.nextBytes(body);
                body[0] = 'Z';
                int frames = length % (w * h * 3 / 2) == 0 ? length / (w * h * 3 / 2) : -1;
                return new HostileClip("raw " + w + "x" + h + " of " + length + " random bytes", body, false, w, h,
                        frames, false);
            }
            case 6: {
                int[] sides = {0, -2, 15, 17, 8194, 65536, Integer.MAX_VALUE, 46340};
                int cw = sides[r.nextInt(sides.length)];
                int ch = r.nextBoolean() ? sides[r.nextInt(sides.length)] : h;
                byte[] body = new byte[1 + r.nextInt(4000)];
                return new HostileClip("raw claimed " + cw + "x" + ch + ", " + body.length + " bytes", body, false, cw,
                        ch, -1, false);
            }
            default: {
                String[] heads = {"", "YUV4MPEG2", "YUV4MPEG2\n", "YUV4MPEG2 ", "YUV4MPEG2 " + garbage(r, 40),
                    "YUV4MPEG2 " + size + " F30:1\n"};
                String head = heads[r.nextInt(heads.length)];
                return new HostileClip("Y4M stub " + head.length() + " bytes",
                        head.getBytes(StandardCharsets.ISO_8859_1), true, 16, 16, head.isEmpty() || head.endsWith(" F30:1\n") ? 0 : -1, false);
            }
        }
    }

    private static byte[] y4m(String tags, int w, int h, int frames, Random r) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(("YUV4MPEG2 " + tags + "\n").getBytes(StandardCharsets.ISO_8859_1));
        byte[] picture = new byte[w * h * 3 / 2];
        for (int f = 0; f < frames; f++) {
            r.nextBytes(picture);
            out.writeBytes("FRAME\n".getBytes(StandardCharsets.US_ASCII));
            out.writeBytes(picture);
        }
        return out.toByteArray();
    }

    public static String garbage(Random r, int length) {
        StringBuilder sb = new StringBuilder();
        for (int k = 0; k < length; k++) {
            int c = r.nextInt(256);
            sb.append(c == ' ' || c == '\n' ? ':' : (char) c);
        }
        return sb.toString();
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] all = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, all, a.length, b.length);
        return all;
    }
}
