package io.github.camelvenc.engine.software;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.ByteBuffer;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The 8-bytes-at-a-time chroma split against a plain per-pair reference, heap and direct, any stride. */
class ChromaTest {

    @ParameterizedTest
    @CsvSource({"2,1,2", "6,3,6", "8,2,8", "14,3,20", "320,120,320", "322,5,384", "1918,3,2048"})
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
            byte[] first = new byte[pairs * rows];
            byte[] second = new byte[pairs * rows];
            Chroma.deinterleave(buffer, offset, stride, width, rows, first, second);
            assertArrayEquals(firstRef, first);
            assertArrayEquals(secondRef, second);
        }
    }

    @ParameterizedTest
    @CsvSource({"8,2"})
    void refusesPlanesThatAreTooSmall(int width, int rows) {
        ByteBuffer src = ByteBuffer.allocate(width * rows);
        assertThrows(IllegalArgumentException.class,
                () -> Chroma.deinterleave(src, 0, width, width, rows, new byte[width / 2 * rows - 1],
                        new byte[width / 2 * rows]));
    }
}
