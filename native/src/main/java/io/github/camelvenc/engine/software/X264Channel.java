package io.github.camelvenc.engine.software;

import com.sun.jna.Native;
import com.sun.jna.Pointer;
import com.sun.jna.ptr.IntByReference;
import com.sun.jna.ptr.PointerByReference;
import io.github.camelvenc.engine.AbstractChannel;
import io.github.camelvenc.engine.ChannelConfig;
import io.github.camelvenc.engine.Frame;
import io.github.camelvenc.engine.PacketSink;
import io.github.camelvenc.engine.PixelFormat;
import io.github.camelvenc.engine.RcMode;
import io.github.camelvenc.engine.VencException;
import io.github.camelvenc.engine.jna.NativeBuffer;
import java.util.Locale;
import java.util.Map;

/**
 * An H.264 channel on libx264. NV12 and NV21 go to x264 as they are ({@code X264_CSP_NV12} /
 * {@code X264_CSP_NV21}). Automatic keyframes are off (infinite keyint, no scene cut): the channel
 * forces the IDRs from its {@link IdrSchedule}, so they fall exactly where the VENC puts them, and
 * leaves every other picture's type to x264 ({@link PictureTypes#forced}). With {@code lowLatency} each frame's packet is delivered from inside its {@code send};
 * otherwise x264 runs its lookahead and frame threads and packets come out from later calls, and
 * {@link #flush()} drains them (after which the next frame starts with an IDR on a fresh encoder).
 * Not thread-safe on its own: {@link AbstractChannel} serializes every call.
 */
final class X264Channel extends AbstractChannel {
    private final X264Library lib;
    private final String name;
    private final int csp;
    private Pointer encoder;
    private int encoderFps;
    private boolean drained;
    private final IdrSchedule idr;
    private final FrameStaging staging = new FrameStaging();
    private final X264Picture picIn = new X264Picture();
    private final X264Picture picOut = new X264Picture();
    private final PointerByReference nals = new PointerByReference();
    private final IntByReference nalCount = new IntByReference();
    private boolean started;

    private X264Channel(ChannelConfig config, PacketSink sink, X264Library lib, Pointer encoder, String version) {
        super(config, sink);
        this.lib = lib;
        this.encoder = encoder;
        this.name = "software/" + version;
        this.csp = config.pixelFormat() == PixelFormat.NV12 ? X264Library.CSP_NV12 : X264Library.CSP_NV21;
        this.encoderFps = config.dstFrameRate();
        this.idr = new IdrSchedule(config.gop());
        picIn.setAutoSynch(false);
        picOut.setAutoSynch(false);
        lib.x264_picture_init(picIn);
        lib.x264_picture_init(picOut);
    }

    /** Opens x264 for a valid configuration, or throws naming what x264 refused. */
    static X264Channel open(ChannelConfig config, PacketSink sink, NativeLibraries.Loaded<X264Library> loaded) {
        SoftwareOptions.requireSupported(config);
        X264Library lib = loaded.require();
        Pointer encoder = openEncoder(lib, config);
        try {
            return new X264Channel(config, sink, lib, encoder, loaded.version());
        } catch (RuntimeException | Error e) {
            lib.x264_encoder_close(encoder);
            throw e;
        }
    }

    private static Pointer openEncoder(X264Library lib, ChannelConfig c) {
        try (NativeBuffer buffer = NativeBuffer.allocate(X264Library.PARAM_SIZE)) {
            Pointer param = buffer.pointer();
            if (lib.x264_param_default_preset(param, c.swPreset(), SoftwareOptions.tune(c)) != 0) {
                throw new VencException("x264 rejected swPreset '" + c.swPreset() + "'");
            }
            try {
                param.setInt(X264Library.PARAM_I_WIDTH, c.width());
                param.setInt(X264Library.PARAM_I_HEIGHT, c.height());
                param.setInt(X264Library.PARAM_I_CSP,
                        c.pixelFormat() == PixelFormat.NV12 ? X264Library.CSP_NV12 : X264Library.CSP_NV21);
                for (Map.Entry<String, String> o : SoftwareOptions.forOpen(c).entrySet()) {
                    parse(lib, param, o.getKey(), o.getValue());
                }
                String profile = c.profile().name().toLowerCase(Locale.ROOT);
                if (lib.x264_param_apply_profile(param, profile) != 0) {
                    throw new VencException("x264 cannot apply profile '" + profile + "' to this configuration");
                }
                Pointer encoder = lib.x264_encoder_open_164(param);
                if (encoder == null) {
                    throw new VencException("x264_encoder_open failed for " + c.width() + "x" + c.height() + " "
                            + c.rcMode() + " (see the x264 log on stderr)");
                }
                return encoder;
            } finally {
                lib.x264_param_cleanup(param);
            }
        }
    }

    private static void parse(X264Library lib, Pointer param, String key, String value) {
        if (lib.x264_param_parse(param, key, value) != 0) {
            throw new VencException("x264 rejected option " + key + "=" + value);
        }
    }

    @Override
    public String backendName() {
        return name;
    }

    @Override
    protected void doSend(Frame frame, long frameIndex) {
        ChannelConfig c = config();
        if (drained) {
            reopen(c);
        }
        boolean idrNow = idr.idrNext();
        staging.stage(frame);
        Pointer in = picIn.getPointer();
        in.setInt(X264Picture.TYPE_OFFSET, PictureTypes.forced(idrNow));
        in.setInt(X264Picture.QPPLUS1_OFFSET, forcedQp(c, idrNow) + 1);
        in.setLong(X264Picture.PTS_OFFSET, frameIndex);
        in.setInt(X264Picture.IMG_CSP_OFFSET, csp);
        in.setInt(X264Picture.IMG_PLANES_OFFSET, 2);
        in.setInt(X264Picture.IMG_STRIDE_OFFSET, frame.stride());
        in.setInt(X264Picture.IMG_STRIDE_OFFSET + 4, frame.stride());
        in.setPointer(X264Picture.IMG_PLANE_OFFSET, staging.luma());
        in.setPointer(X264Picture.IMG_PLANE_OFFSET + Native.POINTER_SIZE, staging.chroma());
        int bytes = lib.x264_encoder_encode(encoder, nals, nalCount, picIn, picOut);
        in.setPointer(X264Picture.IMG_PLANE_OFFSET, null);
        in.setPointer(X264Picture.IMG_PLANE_OFFSET + Native.POINTER_SIZE, null);
        if (bytes < 0) {
            throw new VencException("x264_encoder_encode failed (" + bytes + ") on frame " + frameIndex);
        }
        idr.advance(idrNow);
        started = true;
        if (bytes > 0) {
            emit(bytes);
        }
    }

    /**
     * A drain ends x264's lookahead thread, so after a flush in throughput mode the next frame goes to
     * a fresh encoder and starts a new coded video sequence with an IDR (the gop count restarts there).
     */
    private void reopen(ChannelConfig c) {
        Pointer fresh = openEncoder(lib, c);
        lib.x264_encoder_close(encoder);
        encoder = fresh;
        encoderFps = c.dstFrameRate();
        drained = false;
        idr.request();
    }

    /** The QP forced on the next picture, or -1 to let the rate control choose. */
    private int forcedQp(ChannelConfig c, boolean idrNow) {
        if (c.rcMode() == RcMode.FIXQP) {
            return idrNow ? c.iQp() : c.pQp();
        }
        return started ? -1 : c.firstFrameStartQp();
    }

    private void emit(int bytes) {
        int count = nalCount.getValue();
        Pointer array = nals.getValue();
        if (count <= 0 || array == null) {
            throw new VencException("x264 returned " + bytes + " bytes without NAL units");
        }
        byte[] data = new byte[bytes];
        int[] types = new int[count];
        int offset = 0;
        for (int i = 0; i < count; i++) {
            long nal = (long) i * X264Nal.SIZE;
            int size = array.getInt(nal + X264Nal.PAYLOAD_SIZE_OFFSET);
            if (size < 0 || size > bytes - offset) {
                throw new VencException("x264 NAL " + i + " of " + size + " bytes overruns the "
                        + bytes + "-byte access unit");
            }
            array.getPointer(nal + X264Nal.PAYLOAD_OFFSET).read(0, data, offset, size);
            offset += size;
            types[i] = array.getInt(nal + X264Nal.TYPE_OFFSET);
        }
        if (offset != bytes) {
            throw new VencException("x264 NAL units hold " + offset + " bytes, the access unit " + bytes);
        }
        Pointer out = picOut.getPointer();
        deliver(out.getLong(X264Picture.PTS_OFFSET), PictureTypes.frameType(out.getInt(X264Picture.TYPE_OFFSET)),
                data, types);
    }

    @Override
    protected void doRequestIdr() {
        idr.request();
    }

    @Override
    protected void doReconfigure(ChannelConfig next) {
        idr.gop(next.gop());
        if (next.rcMode() == RcMode.FIXQP) {
            return;
        }
        try (NativeBuffer buffer = NativeBuffer.allocate(X264Library.PARAM_SIZE)) {
            Pointer param = buffer.pointer();
            lib.x264_encoder_parameters(encoder, param);
            double scale = encoderFps / (double) next.dstFrameRate();
            for (Map.Entry<String, String> o : SoftwareOptions.rates(next, scale).entrySet()) {
                parse(lib, param, o.getKey(), o.getValue());
            }
            int r = lib.x264_encoder_reconfig(encoder, param);
            if (r != 0) {
                throw new VencException("x264_encoder_reconfig refused the new rates (" + r + ")");
            }
        }
    }

    @Override
    protected void doFlush() {
        if (drained || lib.x264_encoder_delayed_frames(encoder) == 0) {
            return;
        }
        drained = true;
        while (lib.x264_encoder_delayed_frames(encoder) > 0) {
            int bytes = lib.x264_encoder_encode(encoder, nals, nalCount, null, picOut);
            if (bytes < 0) {
                throw new VencException("x264_encoder_encode failed (" + bytes + ") while draining");
            }
            if (bytes > 0) {
                emit(bytes);
            }
        }
    }

    @Override
    protected void doClose() {
        try {
            lib.x264_encoder_close(encoder);
            staging.close();
        } finally {
            SoftwareResources.closed();
        }
    }
}
