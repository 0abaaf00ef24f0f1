package io.github.camelvenc.engine.jna;

import com.sun.jna.Native;
import com.sun.jna.Pointer;
import java.nio.ByteBuffer;

/**
 * A block of native memory with exactly one owner, zeroed when allocated and freed by {@link #close()}.
 * The engine allocates its own native memory only through this class: JNA's {@code Memory} can be
 * freed deterministically ({@code Memory.close()}, try-with-resources) only from JNA 5.12 on, while
 * the engine must run on every JNA from {@link JnaVersion#MINIMUM}; {@code Native.malloc} and
 * {@code Native.free} exist in all of them. Not thread-safe: the owner serializes its use.
 */
public final class NativeBuffer implements AutoCloseable {
    private final long size;
    private Pointer pointer;

    private NativeBuffer(Pointer pointer, long size) {
        this.pointer = pointer;
        this.size = size;
    }

    /** {@code size} zeroed bytes; throws {@link OutOfMemoryError} when the native heap has no room. */
    public static NativeBuffer allocate(long size) {
        if (size <= 0) {
            throw new IllegalArgumentException("A native buffer needs a positive size, not " + size);
        }
        long peer = Native.malloc(size);
        if (peer == 0) {
            throw new OutOfMemoryError("Cannot allocate " + size + " bytes of native memory");
        }
        Pointer p = new Pointer(peer);
        p.setMemory(0, size, (byte) 0);
        return new NativeBuffer(p, size);
    }

    /** Size in bytes. */
    public long size() {
        return size;
    }

    /** The start of the block; valid until {@link #close()}. */
    public Pointer pointer() {
        if (pointer == null) {
            throw new IllegalStateException("The native buffer of " + size + " bytes is closed");
        }
        return pointer;
    }

    /** A pointer {@code offset} bytes into the block. */
    public Pointer share(long offset) {
        check(offset, 0);
        return pointer().share(offset);
    }

    /** A view of {@code length} bytes from {@code offset}, valid until {@link #close()}. */
    public ByteBuffer byteBuffer(long offset, long length) {
        check(offset, length);
        return pointer().getByteBuffer(offset, length);
    }

    private void check(long offset, long length) {
        if (offset < 0 || length < 0 || offset + length > size) {
            throw new IndexOutOfBoundsException("Bytes " + offset + ".." + (offset + length) + " lie outside the native"
                    + " buffer of " + size + " bytes");
        }
    }

    /** Frees the block; later calls do nothing. */
    @Override
    public void close() {
        if (pointer != null) {
            Native.free(Pointer.nativeValue(pointer));
            pointer = null;
        }
    }
}
