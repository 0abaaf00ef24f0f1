package io.github.camelvenc.engine.mux;

import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Deque;

/**
 * Big-endian byte writer for ISO base media file format boxes (ISO/IEC 14496-12 clause 4.2): a box is
 * opened with {@link #box} or {@link #fullBox} and closed with {@link #end()}, which writes its 32-bit
 * size in place. Boxes nest. Also writes plain bit-exact fields for MPEG-TS tables.
 */
final class BoxWriter {
    private byte[] buf;
    private int size;
    private final Deque<Integer> open = new ArrayDeque<>();

    BoxWriter() {
        this(256);
    }

    BoxWriter(int capacity) {
        buf = new byte[Math.max(16, capacity)];
    }

    /** Opens a box of four-character {@code type}. */
    BoxWriter box(String type) {
        open.push(size);
        u32(0);
        return fourCc(type);
    }

    /** Opens a full box: {@code type}, then its 8-bit version and 24-bit flags. */
    BoxWriter fullBox(String type, int version, int flags) {
        box(type);
        u8(version);
        return u24(flags);
    }

    /** Closes the innermost open box, writing its size. */
    BoxWriter end() {
        int start = open.pop();
        int length = size - start;
        put32(start, length);
        return this;
    }

    BoxWriter fourCc(String code) {
        byte[] b = code.getBytes(StandardCharsets.ISO_8859_1);
        if (b.length != 4) {
            throw new IllegalArgumentException("A four-character code has 4 characters: '" + code + "'");
        }
        return bytes(b);
    }

    BoxWriter u8(int v) {
        ensure(1);
        buf[size++] = (byte) v;
        return this;
    }

    BoxWriter u16(int v) {
        return u8(v >>> 8).u8(v);
    }

    BoxWriter u24(int v) {
        return u8(v >>> 16).u16(v);
    }

    BoxWriter u32(long v) {
        return u16((int) (v >>> 16)).u16((int) v);
    }

    BoxWriter u64(long v) {
        return u32(v >>> 32).u32(v);
    }

    /** {@code n} zero bytes. */
    BoxWriter zeros(int n) {
        ensure(n);
        size += n;
        return this;
    }

    BoxWriter bytes(byte[] b) {
        return bytes(b, 0, b.length);
    }

    BoxWriter bytes(byte[] b, int off, int len) {
        ensure(len);
        System.arraycopy(b, off, buf, size, len);
        size += len;
        return this;
    }

    /** Overwrites the 32-bit big-endian value at {@code position}. */
    void put32(int position, long v) {
        buf[position] = (byte) (v >>> 24);
        buf[position + 1] = (byte) (v >>> 16);
        buf[position + 2] = (byte) (v >>> 8);
        buf[position + 3] = (byte) v;
    }

    /** Bytes written so far. */
    int size() {
        return size;
    }

    /** A copy of the bytes written; every box must be closed. */
    byte[] toByteArray() {
        if (!open.isEmpty()) {
            throw new IllegalStateException(open.size() + " box(es) still open");
        }
        return Arrays.copyOf(buf, size);
    }

    private void ensure(int n) {
        if (size + n > buf.length) {
            buf = Arrays.copyOf(buf, Math.max(buf.length * 2, size + n));
        }
    }
}
