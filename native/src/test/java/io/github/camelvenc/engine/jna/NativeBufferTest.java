package io.github.camelvenc.engine.jna;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.ByteBuffer;
import org.junit.jupiter.api.Test;

class NativeBufferTest {

    @Test
    void allocatesZeroedMemoryThatViewsAndPointersShare() {
        try (NativeBuffer b = NativeBuffer.allocate(4096)) {
            ByteBuffer all = b.byteBuffer(0, 4096);
            for (int i = 0; i < 4096; i++) {
                assertEquals(0, all.get(i), "byte " + i);
            }
            b.byteBuffer(100, 2).put(1, (byte) 0x5A);
            assertEquals(0x5A, b.share(101).getByte(0));
            assertEquals(0x5A, b.pointer().getByte(101));
            assertEquals(4096, b.size());
        }
    }

    @Test
    void refusesAccessOutsideTheBlockAndAfterClose() {
        NativeBuffer b = NativeBuffer.allocate(16);
        assertThrows(IndexOutOfBoundsException.class, () -> b.byteBuffer(8, 9));
        assertThrows(IndexOutOfBoundsException.class, () -> b.share(17));
        assertThrows(IllegalArgumentException.class, () -> NativeBuffer.allocate(0));
        b.close();
        b.close();
        assertThrows(IllegalStateException.class, b::pointer);
    }
}
