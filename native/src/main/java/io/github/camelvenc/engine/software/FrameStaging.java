package io.github.camelvenc.engine.software;

import com.sun.jna.Native;
import com.sun.jna.Pointer;
import io.github.camelvenc.engine.Frame;
import io.github.camelvenc.engine.jna.NativeBuffer;
import java.nio.ByteBuffer;

/**
 * Native memory holding one semi-planar input picture for the duration of an encode call. A frame
 * in a direct buffer is used in place (the encoders copy the picture into their own frame before
 * the encode call returns); any other frame (heap, read-only) is copied with one bulk copy per
 * plane. Owned by one
 * channel, used under its lock; {@link #close()} frees the memory.
 */
final class FrameStaging implements AutoCloseable {
    private NativeBuffer memory;
    private Pointer luma;
    private Pointer chroma;

    /** Makes {@link #luma()} and {@link #chroma()} point at the frame's planes, rows {@code frame.stride()} apart. */
    void stage(Frame frame) {
        ByteBuffer data = frame.data();
        int stride = frame.stride();
        int height = frame.height();
        long lumaBytes = (long) stride * (height - 1) + frame.width();
        long chromaBytes = (long) stride * (height / 2 - 1) + frame.width();
        long needed = Frame.requiredLength(frame.width(), height, stride, frame.chromaOffset());
        if (data.remaining() < needed) {
            throw new IllegalStateException("frame buffer holds " + data.remaining() + " bytes, needs " + needed);
        }
        if (data.isDirect()) {
            Pointer base = Native.getDirectBufferPointer(data);
            luma = base;
            chroma = base.share(frame.chromaOffset());
            return;
        }
        long lumaPlane = (long) stride * height;
        long size = lumaPlane + chromaBytes;
        if (memory == null || memory.size() < size) {
            close();
            memory = NativeBuffer.allocate(size);
        }
        ByteBuffer target = memory.byteBuffer(0, size);
        target.put(0, data, 0, (int) lumaBytes);
        target.put((int) lumaPlane, data, frame.chromaOffset(), (int) chromaBytes);
        luma = memory.pointer();
        chroma = memory.share(lumaPlane);
    }

    Pointer luma() {
        return luma;
    }

    Pointer chroma() {
        return chroma;
    }

    @Override
    public void close() {
        if (memory != null) {
            memory.close();
            memory = null;
        }
        luma = null;
        chroma = null;
    }
}
