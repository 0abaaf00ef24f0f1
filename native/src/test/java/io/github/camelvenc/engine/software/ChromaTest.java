package io.github.camelvenc.engine.software;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.ByteBuffer;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The 16-bytes-at-a-time chroma split against a plain per-pair reference: heap and direct sources and
 * destinations, any stride, row tails of every length.
 */
class ChromaTest {

    @ParameterizedTest
    @CsvSource({"2,1,2", "6,3,6", "8,2,8", "14,3,20", "16,2,16", "30,3,32", "34,2,40", "320,120,320", "322,5,384",
        "1918,3,2048"})
    void splitsPairsLikeThePlainLoop(int width, int rows, int stride) {
        Random r = new Random(width * 31L + rows);
        int offset = 7;
        byte[] src = new byte[offset + stride * rows];
        r.nextBytes(src);
        int pairs = width / 2;
        byte[] firstRef = new byte[pairs * rows];
        byte[] secondRef = new byte[pairs * rows];
        for (int y = 0; y < rows; y++) {
            for (int i = 0; i < pairs; i++) {
                firstRef[y * pairs + i] = src[offset + y * stride + 2 * i];
                secondRef[y * pairs + i] = src[offset + y * stride + 2 * i + 1];
            }
        }
        for (ByteBuffer buffer : new ByteBuffer[] {ByteBuffer.wrap(src),
                ByteBuffer.allocateDirect(src.length).put(src).flip()}) {
            for (boolean direct : new boolean[] {false, true}) {
                ByteBuffer first = plane(pairs * rows, direct);
                ByteBuffer second = plane(pairs * rows, direct);
                Chroma.deinterleave(buffer, offset, stride, width, rows, first, second);
                assertArrayEquals(firstRef, bytes(first));
                assertArrayEquals(secondRef, bytes(second));
                assertEquals(0, first.position());
            }
        }
    }

    @ParameterizedTest
    @CsvSource({"8,2", "40,3"})
    void refusesPlanesThatAreTooSmall(int width, int rows) {
        ByteBuffer src = ByteBuffer.allocate(width * rows);
        assertThrows(IllegalArgumentException.class,
                () -> Chroma.deinterleave(src, 0, width, width, rows, ByteBuffer.allocate(width / 2 * rows - 1),
                        ByteBuffer.allocate(width / 2 * rows)));
        assertThrows(IllegalArgumentException.class,
                () -> Chroma.deinterleave(src, 0, width, width, rows, ByteBuffer.allocate(width / 2 * rows),
                        ByteBuffer.allocateDirect(width / 2 * rows - 1)));
    }

    @ParameterizedTest
    @CsvSource({"8,2", "40,3"})
    void refusesASourceThatIsTooShort(int width, int rows) {
        ByteBuffer src = ByteBuffer.allocate(width * rows - 1);
        assertThrows(IllegalArgumentException.class,
                () -> Chroma.deinterleave(src, 0, width, width, rows, ByteBuffer.allocate(width / 2 * rows),
                        ByteBuffer.allocate(width / 2 * rows)));
    }

    private static ByteBuffer plane(int size, boolean direct) {
        return direct ? ByteBuffer.allocateDirect(size) : ByteBuffer.allocate(size);
    }

    private static byte[] bytes(ByteBuffer b) {
        byte[] out = new byte[b.capacity()];
        b.duplicate().clear().get(out);
        return out;
    }
}
