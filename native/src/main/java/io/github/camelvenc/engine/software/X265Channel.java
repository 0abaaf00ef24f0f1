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
import java.nio.ByteBuffer;
import java.util.Locale;
import java.util.Map;

/**
 * An H.265 channel on libx265. x265 takes planar I420 only, so each frame's interleaved chroma is
 * split into U and V planes ({@link Chroma}, 16 bytes per step) written straight into the
 * channel-owned native planes that the x265 picture points at (no further copy); the luma
 * plane is used in place (direct buffers) or copied in one bulk copy. x265 places the gop's IDRs
 * itself ({@code keyint = min-keyint = gop}, no scene cut, closed GOP), at exactly the frames where
 * the {@link IdrSchedule} puts them: its lookahead then plans the rate around each coming IDR, as
 * ffmpeg's libx265 does (a forced picture type ends the lookahead's analysis at that picture, which
 * made x265 spend 5-8 % more under a VBR/AVBR cap). Only the IDRs x265 would not place itself are
 * forced, i.e. requested ones (x265's keyint count restarts at them too, as the schedule's does); a
 * run-time gop change opens a fresh encoder with the new keyint ({@link #doReconfigure}). Every
 * other picture's type is left to x265 ({@link PictureTypes#forced}). Not thread-safe on its own:
 * {@link AbstractChannel} serializes every call.
 */
final class X265Channel extends AbstractChannel {
    private final X265Library lib;
    private final Pointer picIn;
    private final Pointer picOut;
    private final String name;
    private Pointer encoder;
    /** The configuration the encoder was opened with: its keyint (gop), frame rate and rates. */
    private ChannelConfig opened;
    private boolean drained;
    private final IdrSchedule idr;
    private final int chromaPlane;
    private final NativeBuffer chroma;
    private final ByteBuffer planeU;
    private final ByteBuffer planeV;
    private final PointerByReference nals = new PointerByReference();
    private final IntByReference nalCount = new IntByReference();
    private NativeBuffer luma;
    private boolean started;
    private long inFlight;

    private X265Channel(ChannelConfig config, PacketSink sink, X265Library lib, Pointer encoder, Pointer picIn,
            Pointer picOut, String version) {
        super(config, sink);
        this.lib = lib;
        this.encoder = encoder;
        this.picIn = picIn;
        this.picOut = picOut;
        this.name = "software/" + version;
        this.opened = config;
        this.idr = new IdrSchedule(config.gop());
        this.chromaPlane = (config.width() / 2) * (config.height() / 2);
        this.chroma = NativeBuffer.allocate(2L * chromaPlane);
        this.planeU = chroma.byteBuffer(0, chromaPlane);
        this.planeV = chroma.byteBuffer(chromaPlane, chromaPlane);
    }

    /** Opens x265 for a valid configuration, or throws naming what x265 refused. */
    static X265Channel open(ChannelConfig config, PacketSink sink, NativeLibraries.Loaded<X265Library> loaded) {
        SoftwareOptions.requireSupported(config);
        X265Library lib = loaded.require();
        Pointer param = lib.x265_param_alloc();
        if (param == null) {
            throw new VencException("x265_param_alloc failed");
        }
        Pointer encoder = null;
        Pointer picIn = null;
        Pointer picOut = null;
        try {
            configure(lib, param, config);
            encoder = openEncoder(lib, param, config);
            picIn = allocPicture(lib, param);
            picOut = allocPicture(lib, param);
            X265Channel channel = new X265Channel(config, sink, lib, encoder, picIn, picOut, loaded.version());
            encoder = null;
            picIn = null;
            picOut = null;
            return channel;
        } finally {
            if (picOut != null) {
                lib.x265_picture_free(picOut);
            }
            if (picIn != null) {
                lib.x265_picture_free(picIn);
            }
            if (encoder != null) {
                lib.x265_encoder_close(encoder);
            }
            lib.x265_param_free(param);
        }
    }

    private static Pointer openEncoder(X265Library lib, Pointer param, ChannelConfig config) {
        Pointer encoder = lib.x265_encoder_open_199(param);
        if (encoder == null) {
            throw new VencException("x265_encoder_open failed for " + config.width() + "x" + config.height() + " "
                    + config.rcMode() + " (see the x265 log on stderr)");
        }
        return encoder;
    }

    /**
     * Replaces the encoder with a fresh one for the current configuration; its first frame is an IDR,
     * where the gop count restarts. Used after a drain (which leaves x265 unable to take more
     * pictures) and at the first IDR after a change of the gop, frame rate or rates
     * ({@link #doReconfigure}), where the old encoder is drained first so that no frame it holds is lost.
     */
    private void reopen(ChannelConfig c) {
        drain();
        Pointer param = lib.x265_param_alloc();
        if (param == null) {
            throw new VencException("x265_param_alloc failed");
        }
        try {
            configure(lib, param, c);
            Pointer fresh = openEncoder(lib, param, c);
            lib.x265_encoder_close(encoder);
            encoder = fresh;
        } finally {
            lib.x265_param_free(param);
        }
        opened = c;
        idr.gop(c.gop());
        idr.restart();
        drained = false;
    }

    /** Whether the encoder runs with another keyint, frame rate or rates than {@code c} asks for. */
    private boolean stale(ChannelConfig c) {
        return c.gop() != opened.gop() || (c.rcMode() != RcMode.FIXQP && (c.dstFrameRate() != opened.dstFrameRate()
                || !SoftwareOptions.rates(c, 1.0).equals(SoftwareOptions.rates(opened, 1.0))));
    }

    private static void configure(X265Library lib, Pointer param, ChannelConfig c) {
        if (lib.x265_param_default_preset(param, c.swPreset(), SoftwareOptions.tune(c)) != 0) {
            throw new VencException("x265 rejected swPreset '" + c.swPreset() + "'");
        }
        parse(lib, param, "input-res", c.width() + "x" + c.height());
        parse(lib, param, "input-csp", "i420");
        for (Map.Entry<String, String> o : SoftwareOptions.forOpen(c).entrySet()) {
            parse(lib, param, o.getKey(), o.getValue());
        }
        String profile = c.profile().name().toLowerCase(Locale.ROOT);
        if (lib.x265_param_apply_profile(param, profile) != 0) {
            throw new VencException("x265 cannot apply profile '" + profile + "' to this configuration");
        }
    }

    private static Pointer allocPicture(X265Library lib, Pointer param) {
        Pointer picture = lib.x265_picture_alloc();
        if (picture == null) {
            throw new VencException("x265_picture_alloc failed");
        }
        lib.x265_picture_init(param, picture);
        return picture;
    }

    private static void parse(X265Library lib, Pointer param, String key, String value) {
        if (lib.x265_param_parse(param, key, value) != 0) {
            throw new VencException("x265 rejected option " + key + "=" + value);
        }
    }

    @Override
    public String backendName() {
        return name;
    }

    @Override
    protected void doSend(Frame frame, long frameIndex) {
        ChannelConfig c = config();
        if (drained || (idr.idrNext() && stale(c))) {
            reopen(c);
        }
        boolean idrNow = idr.idrNext();
        ByteBuffer data = frame.data();
        int stride = frame.stride();
        long needed = Frame.requiredLength(frame.width(), frame.height(), stride, frame.chromaOffset());
        if (data.remaining() < needed) {
            throw new IllegalStateException("frame buffer holds " + data.remaining() + " bytes, needs " + needed);
        }
        boolean nv12 = frame.pixelFormat() == PixelFormat.NV12;
        Chroma.deinterleave(data, frame.chromaOffset(), stride, frame.width(), frame.height() / 2,
                nv12 ? planeU : planeV, nv12 ? planeV : planeU);
        int pointer = Native.POINTER_SIZE;
        picIn.setPointer(X265Library.PICTURE_PLANES, stageLuma(frame, data));
        picIn.setPointer(X265Library.PICTURE_PLANES + pointer, chroma.pointer());
        picIn.setPointer(X265Library.PICTURE_PLANES + 2L * pointer, chroma.share(chromaPlane));
        picIn.setInt(X265Library.PICTURE_STRIDE, stride);
        picIn.setInt(X265Library.PICTURE_STRIDE + 4, frame.width() / 2);
        picIn.setInt(X265Library.PICTURE_STRIDE + 8, frame.width() / 2);
        picIn.setInt(X265Library.PICTURE_BIT_DEPTH, 8);
        picIn.setInt(X265Library.PICTURE_COLOR_SPACE, X265Library.CSP_I420);
        boolean forceIdr = idrNow && !idr.placedByKeyint(opened.gop());
        picIn.setInt(X265Library.PICTURE_SLICE_TYPE, PictureTypes.forced(forceIdr));
        picIn.setInt(X265Library.PICTURE_FORCE_QP, forcedQp(c, idrNow) + 1);
        picIn.setLong(X265Library.PICTURE_PTS, frameIndex);
        int out = lib.x265_encoder_encode(encoder, nals, nalCount, picIn, picOut);
        picIn.setPointer(X265Library.PICTURE_PLANES, null);
        if (out < 0) {
            throw new VencException("x265_encoder_encode failed (" + out + ") on frame " + frameIndex);
        }
        idr.advance(idrNow);
        started = true;
        inFlight++;
        if (out > 0) {
            emit();
        }
    }

    private Pointer stageLuma(Frame frame, ByteBuffer data) {
        if (data.isDirect()) {
            return Native.getDirectBufferPointer(data);
        }
        long bytes = (long) frame.stride() * (frame.height() - 1) + frame.width();
        if (luma == null || luma.size() < bytes) {
            if (luma != null) {
                luma.close();
            }
            luma = NativeBuffer.allocate(bytes);
        }
        luma.byteBuffer(0, bytes).put(0, data, 0, (int) bytes);
        return luma.pointer();
    }

    /** The QP forced on the next picture, or -1 to let the rate control choose. */
    private int forcedQp(ChannelConfig c, boolean idrNow) {
        if (c.rcMode() == RcMode.FIXQP) {
            return idrNow ? c.iQp() : c.pQp();
        }
        return started ? -1 : c.firstFrameStartQp();
    }

    private void emit() {
        int count = nalCount.getValue();
        Pointer array = nals.getValue();
        if (count <= 0 || array == null) {
            throw new VencException("x265 returned a picture without NAL units");
        }
        int[] sizes = new int[count];
        long total = 0;
        for (int i = 0; i < count; i++) {
            sizes[i] = array.getInt((long) i * X265Nal.SIZE + X265Nal.SIZE_BYTES_OFFSET);
            if (sizes[i] < 0) {
                throw new VencException("x265 NAL " + i + " has a negative size");
            }
            total += sizes[i];
        }
        if (total > Integer.MAX_VALUE - 8) {
            throw new VencException("x265 access unit of " + total + " bytes is too large");
        }
        byte[] data = new byte[(int) total];
        int[] types = new int[count];
        int offset = 0;
        for (int i = 0; i < count; i++) {
            long nal = (long) i * X265Nal.SIZE;
            array.getPointer(nal + X265Nal.PAYLOAD_OFFSET).read(0, data, offset, sizes[i]);
            offset += sizes[i];
            types[i] = array.getInt(nal + X265Nal.TYPE_OFFSET);
        }
        inFlight--;
        deliver(picOut.getLong(X265Library.PICTURE_PTS), PictureTypes.frameType(picOut.getInt(X265Library.PICTURE_SLICE_TYPE)),
                data, types);
    }

    @Override
    protected void doRequestIdr() {
        idr.request();
    }

    /**
     * x265 3.5 accepts new rates in {@code x265_encoder_reconfig} but its rate control keeps the old
     * ones (measured: the bit rate does not move), and it cannot change its keyint while open. So new
     * bit rates, a new dstFrameRate or a new gop take effect at the next IDR, where the channel opens a
     * fresh encoder with them: that IDR starts a new coded video sequence anyway, so the stream and
     * its IDR positions stay as without the change. A smaller gop thereby applies to the next frame
     * (the next IDR comes when the count since the last one reaches it); a larger one only from the
     * next IDR, which the open encoder still places at the old gop. {@link #requestIdr()} applies
     * any of them at once.
     */
    @Override
    protected void doReconfigure(ChannelConfig next) {
        idr.gop(Math.min(next.gop(), opened.gop()));
    }

    @Override
    protected void doFlush() {
        if (inFlight == 0) {
            return;
        }
        drained = true;
        drain();
    }

    /** Delivers every frame the encoder still holds; x265 takes no more pictures afterwards. */
    private void drain() {
        while (inFlight > 0) {
            int out = lib.x265_encoder_encode(encoder, nals, nalCount, null, picOut);
            if (out < 0) {
                throw new VencException("x265_encoder_encode failed (" + out + ") while draining");
            }
            if (out == 0) {
                throw new VencException("x265 drained with " + inFlight + " frames missing");
            }
            emit();
        }
    }

    @Override
    protected void doClose() {
        try {
            lib.x265_encoder_close(encoder);
            lib.x265_picture_free(picIn);
            lib.x265_picture_free(picOut);
            chroma.close();
            if (luma != null) {
                luma.close();
            }
        } finally {
            SoftwareResources.closed();
        }
    }
}
