package io.github.camelvenc.engine.software;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.jna.Native;
import com.sun.jna.Pointer;
import io.github.camelvenc.engine.testing.MediaTools;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Proves every size, offset and constant the bindings rely on against the real headers: a C
 * program compiled with gcc against {@code /usr/include/x264.h} and {@code x265.h} prints them, and
 * each is compared with the Java constant and with where JNA actually puts the Structure fields.
 */
class NativeLayoutTest {
    private static final String PROGRAM = """
            #include <stdio.h>
            #include <stdint.h>
            #include <stddef.h>
            #include <x264.h>
            #include <x265.h>
            #define P(name, value) printf("%s %ld\\n", name, (long) (value))
            int main(void) {
                P("X264_BUILD", X264_BUILD);
                P("x264_param_t", sizeof(x264_param_t));
                P("x264_param_t.i_width", offsetof(x264_param_t, i_width));
                P("x264_param_t.i_height", offsetof(x264_param_t, i_height));
                P("x264_param_t.i_csp", offsetof(x264_param_t, i_csp));
                P("x264_picture_t", sizeof(x264_picture_t));
                P("x264_picture_t.i_type", offsetof(x264_picture_t, i_type));
                P("x264_picture_t.i_qpplus1", offsetof(x264_picture_t, i_qpplus1));
                P("x264_picture_t.i_pic_struct", offsetof(x264_picture_t, i_pic_struct));
                P("x264_picture_t.b_keyframe", offsetof(x264_picture_t, b_keyframe));
                P("x264_picture_t.i_pts", offsetof(x264_picture_t, i_pts));
                P("x264_picture_t.i_dts", offsetof(x264_picture_t, i_dts));
                P("x264_picture_t.param", offsetof(x264_picture_t, param));
                P("x264_picture_t.img", offsetof(x264_picture_t, img));
                P("x264_image_t", sizeof(x264_image_t));
                P("x264_image_t.i_plane", offsetof(x264_image_t, i_plane));
                P("x264_image_t.i_stride", offsetof(x264_image_t, i_stride));
                P("x264_image_t.plane", offsetof(x264_image_t, plane));
                P("x264_picture_t.img.i_csp", offsetof(x264_picture_t, img.i_csp));
                P("x264_picture_t.img.i_plane", offsetof(x264_picture_t, img.i_plane));
                P("x264_picture_t.img.i_stride", offsetof(x264_picture_t, img.i_stride));
                P("x264_picture_t.img.plane", offsetof(x264_picture_t, img.plane));
                P("x264_nal_t", sizeof(x264_nal_t));
                P("x264_nal_t.i_type", offsetof(x264_nal_t, i_type));
                P("x264_nal_t.i_payload", offsetof(x264_nal_t, i_payload));
                P("x264_nal_t.p_payload", offsetof(x264_nal_t, p_payload));
                P("X264_CSP_NV12", X264_CSP_NV12);
                P("X264_CSP_NV21", X264_CSP_NV21);
                P("X264_TYPE_AUTO", X264_TYPE_AUTO);
                P("X264_TYPE_IDR", X264_TYPE_IDR);
                P("X264_TYPE_I", X264_TYPE_I);
                P("X264_TYPE_P", X264_TYPE_P);
                P("X265_BUILD", X265_BUILD);
                P("x265_picture", sizeof(x265_picture));
                P("x265_picture.pts", offsetof(x265_picture, pts));
                P("x265_picture.planes", offsetof(x265_picture, planes));
                P("x265_picture.stride", offsetof(x265_picture, stride));
                P("x265_picture.bitDepth", offsetof(x265_picture, bitDepth));
                P("x265_picture.sliceType", offsetof(x265_picture, sliceType));
                P("x265_picture.colorSpace", offsetof(x265_picture, colorSpace));
                P("x265_picture.forceqp", offsetof(x265_picture, forceqp));
                P("x265_nal", sizeof(x265_nal));
                P("x265_nal.type", offsetof(x265_nal, type));
                P("x265_nal.sizeBytes", offsetof(x265_nal, sizeBytes));
                P("x265_nal.payload", offsetof(x265_nal, payload));
                P("X265_CSP_I420", X265_CSP_I420);
                P("X265_TYPE_AUTO", X265_TYPE_AUTO);
                P("X265_TYPE_IDR", X265_TYPE_IDR);
                P("X265_TYPE_I", X265_TYPE_I);
                P("X265_TYPE_P", X265_TYPE_P);
                return 0;
            }
            """;

    private static final Map<String, Long> C = new HashMap<>();

    @BeforeAll
    static void compileAndRun(@TempDir Path dir) throws IOException {
        Path source = dir.resolve("layout.c");
        Files.writeString(source, PROGRAM, StandardCharsets.US_ASCII);
        Path binary = dir.resolve("layout");
        MediaTools.run(List.of("gcc", "-O0", "-o", binary.toString(), source.toString()));
        String out = new String(MediaTools.run(List.of(binary.toString())).stdout(), StandardCharsets.US_ASCII);
        for (String line : out.split("\n")) {
            String[] kv = line.trim().split(" ");
            C.put(kv[0], Long.parseLong(kv[1]));
        }
        assertTrue(C.size() >= 40, "the C program printed " + C.size() + " values");
    }

    private static void same(String cName, long java) {
        assertTrue(C.containsKey(cName), cName + " not printed");
        assertEquals(C.get(cName), java, cName + ": C says " + C.get(cName) + ", Java uses " + java);
    }

    @Test
    void x264ConstantsMatchTheHeader() {
        same("X264_BUILD", X264Library.BUILD);
        same("x264_param_t", X264Library.PARAM_SIZE);
        same("x264_param_t.i_width", X264Library.PARAM_I_WIDTH);
        same("x264_param_t.i_height", X264Library.PARAM_I_HEIGHT);
        same("x264_param_t.i_csp", X264Library.PARAM_I_CSP);
        same("X264_CSP_NV12", X264Library.CSP_NV12);
        same("X264_CSP_NV21", X264Library.CSP_NV21);
        same("X264_TYPE_AUTO", X264Library.TYPE_AUTO);
        same("X264_TYPE_IDR", X264Library.TYPE_IDR);
        same("X264_TYPE_I", X264Library.TYPE_I);
        same("X264_TYPE_P", X264Library.TYPE_P);
        assertEquals("x264_encoder_open_" + C.get("X264_BUILD"), X264Library.OPEN_SYMBOL);
    }

    @Test
    void x264PictureStructureMatchesTheHeader() {
        X264Picture p = new X264Picture();
        same("x264_picture_t", p.size());
        same("x264_picture_t", X264Picture.SIZE);
        same("x264_picture_t.img", X264Picture.IMG_OFFSET);
        same("x264_image_t", X264Picture.X264Image.SIZE);
        same("x264_image_t", new X264Picture.X264Image().size());
        same("x264_picture_t.i_type", X264Picture.TYPE_OFFSET);
        same("x264_picture_t.i_qpplus1", X264Picture.QPPLUS1_OFFSET);
        same("x264_picture_t.i_pts", X264Picture.PTS_OFFSET);
        same("x264_picture_t.img.i_csp", X264Picture.IMG_CSP_OFFSET);
        same("x264_picture_t.img.i_plane", X264Picture.IMG_PLANES_OFFSET);
        same("x264_picture_t.img.i_stride", X264Picture.IMG_STRIDE_OFFSET);
        same("x264_picture_t.img.plane", X264Picture.IMG_PLANE_OFFSET);
        p.i_type = 0x11;
        p.i_qpplus1 = 0x22;
        p.i_pic_struct = 0x33;
        p.b_keyframe = 0x44;
        p.i_pts = 0x5555L;
        p.i_dts = 0x6666L;
        p.img.i_csp = 0x77;
        p.img.i_plane = 0x88;
        p.img.i_stride[1] = 0x99;
        p.img.plane[1] = new Pointer(0xAAAAL);
        p.write();
        Pointer m = p.getPointer();
        assertEquals(0x11, m.getInt(C.get("x264_picture_t.i_type")));
        assertEquals(0x22, m.getInt(C.get("x264_picture_t.i_qpplus1")));
        assertEquals(0x33, m.getInt(C.get("x264_picture_t.i_pic_struct")));
        assertEquals(0x44, m.getInt(C.get("x264_picture_t.b_keyframe")));
        assertEquals(0x5555L, m.getLong(C.get("x264_picture_t.i_pts")));
        assertEquals(0x6666L, m.getLong(C.get("x264_picture_t.i_dts")));
        long img = C.get("x264_picture_t.img");
        assertEquals(0x77, m.getInt(img));
        assertEquals(0x88, m.getInt(img + C.get("x264_image_t.i_plane")));
        assertEquals(0x99, m.getInt(img + C.get("x264_image_t.i_stride") + 4));
        assertEquals(0xAAAAL, Pointer.nativeValue(m.getPointer(img + C.get("x264_image_t.plane") + Native.POINTER_SIZE)));
    }

    @Test
    void x264NalStructureMatchesTheHeader() {
        X264Nal n = new X264Nal();
        same("x264_nal_t", n.size());
        same("x264_nal_t", X264Nal.SIZE);
        same("x264_nal_t.i_type", X264Nal.TYPE_OFFSET);
        same("x264_nal_t.i_payload", X264Nal.PAYLOAD_SIZE_OFFSET);
        same("x264_nal_t.p_payload", X264Nal.PAYLOAD_OFFSET);
        n.i_type = 7;
        n.i_payload = 1234;
        n.p_payload = new Pointer(0xBBBBL);
        n.write();
        Pointer m = n.getPointer();
        assertEquals(7, m.getInt(C.get("x264_nal_t.i_type")));
        assertEquals(1234, m.getInt(C.get("x264_nal_t.i_payload")));
        assertEquals(0xBBBBL, Pointer.nativeValue(m.getPointer(C.get("x264_nal_t.p_payload"))));
    }

    @Test
    void x265ConstantsAndStructuresMatchTheHeader() {
        same("X265_BUILD", X265Library.BUILD);
        assertEquals("x265_encoder_open_" + C.get("X265_BUILD"), X265Library.OPEN_SYMBOL);
        same("x265_picture", X265Library.PICTURE_SIZE);
        same("x265_picture.pts", X265Library.PICTURE_PTS);
        same("x265_picture.planes", X265Library.PICTURE_PLANES);
        same("x265_picture.stride", X265Library.PICTURE_STRIDE);
        same("x265_picture.bitDepth", X265Library.PICTURE_BIT_DEPTH);
        same("x265_picture.sliceType", X265Library.PICTURE_SLICE_TYPE);
        same("x265_picture.colorSpace", X265Library.PICTURE_COLOR_SPACE);
        same("x265_picture.forceqp", X265Library.PICTURE_FORCE_QP);
        same("X265_CSP_I420", X265Library.CSP_I420);
        same("X265_TYPE_AUTO", X265Library.TYPE_AUTO);
        same("X265_TYPE_IDR", X265Library.TYPE_IDR);
        same("X265_TYPE_I", X265Library.TYPE_I);
        same("X265_TYPE_P", X265Library.TYPE_P);
        X265Nal n = new X265Nal();
        same("x265_nal", n.size());
        same("x265_nal", X265Nal.SIZE);
        same("x265_nal.type", X265Nal.TYPE_OFFSET);
        same("x265_nal.sizeBytes", X265Nal.SIZE_BYTES_OFFSET);
        same("x265_nal.payload", X265Nal.PAYLOAD_OFFSET);
        n.type = 19;
        n.sizeBytes = 4321;
        n.payload = new Pointer(0xCCCCL);
        n.write();
        Pointer m = n.getPointer();
        assertEquals(19, m.getInt(C.get("x265_nal.type")));
        assertEquals(4321, m.getInt(C.get("x265_nal.sizeBytes")));
        assertEquals(0xCCCCL, Pointer.nativeValue(m.getPointer(C.get("x265_nal.payload"))));
    }
}
