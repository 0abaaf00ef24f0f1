package io.github.camelvenc.camel;

import io.github.camelvenc.engine.Channel;
import io.github.camelvenc.engine.ChannelConfig;
import io.github.camelvenc.engine.Encoders;
import io.github.camelvenc.engine.Frame;
import io.github.camelvenc.engine.FrameType;
import io.github.camelvenc.engine.InvalidFrameException;
import io.github.camelvenc.engine.Packet;
import io.github.camelvenc.engine.PacketSink;
import io.github.camelvenc.engine.PixelFormat;
import io.github.camelvenc.engine.VencException;
import io.github.camelvenc.engine.io.ClipReader;
import io.github.camelvenc.engine.mux.ClipMuxer;
import io.github.camelvenc.engine.mux.Container;
import io.github.camelvenc.engine.mux.Timing;
import io.github.camelvenc.engine.mux.VideoTrack;
import java.io.BufferedInputStream;
import java.io.ByteArrayInputStream;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import org.apache.camel.AsyncCallback;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.WrappedFile;
import org.apache.camel.converter.stream.CachedOutputStream;

/**
 * Clip mode of one endpoint: each exchange's clip is encoded in a fresh session on one of
 * {@code channelPoolSize} pool threads (so at most that many channels are open at once, and further
 * clips wait in arrival order). The elementary stream goes into a {@link CachedOutputStream}, so with
 * stream-cache spooling enabled a large clip is kept on disk, not in memory; the input is read one
 * frame at a time ({@link ClipReader}). A container other than annexb needs the whole stream (an
 * MP4's index comes first): its access units are kept in memory, then muxed into the output.
 */
final class ClipEncoder extends ProducerMode {
    private static final byte[] Y4M_MAGIC = "YUV4MPEG2".getBytes(StandardCharsets.US_ASCII);

    private ExecutorService pool;

    ClipEncoder(VencEndpoint endpoint) {
        super(endpoint);
    }

    @Override
    void start() {
        pool = endpoint.getCamelContext().getExecutorServiceManager().newFixedThreadPool(this,
                "VencClips[" + endpoint.getEndpointKey() + "]", endpoint.getConfiguration().getChannelPoolSize());
    }

    /** The pool then finishes the clips in progress and queued. */
    @Override
    ExecutorService stop() {
        ExecutorService p = pool;
        pool = null;
        return p;
    }

    @Override
    boolean process(Exchange exchange, AsyncCallback callback) {
        ExecutorService p;
        synchronized (lifecycle) {
            p = pool;
        }
        if (p == null) {
            exchange.setException(notStarted());
            callback.done(true);
            return true;
        }
        try {
            p.execute(() -> {
                try {
                    encode(exchange);
                    endpoint.statistics().clipCompleted();
                } catch (Throwable e) {
                    endpoint.fail(exchange, e);
                } finally {
                    callback.done(false);
                }
            });
            return false;
        } catch (RejectedExecutionException e) {
            exchange.setException(new VencException("The venc endpoint " + endpoint.getEndpointKey() + " is stopping", e));
            callback.done(true);
            return true;
        }
    }

    private void encode(Exchange exchange) throws IOException {
        Message in = exchange.getIn();
        Picture given = Picture.of(in);
        long length = bodyLength(in);
        try (InputStream body = openBody(in);
                BufferedInputStream buffered = new BufferedInputStream(body, 1 << 16)) {
            buffered.mark(Y4M_MAGIC.length);
            byte[] head = buffered.readNBytes(Y4M_MAGIC.length);
            buffered.reset();
            VencConfiguration conf = endpoint.getConfiguration();
            ChannelConfig.Builder b = conf.toChannelBuilder(endpoint.getCodec(), false);
            ClipReader reader;
            if (head.length == 0) {
                throw new InvalidFrameException("The clip is empty");
            }
            if (Arrays.equals(head, Y4M_MAGIC)) {
                reader = ClipReader.y4m(buffered);
                requireSame(VencConstants.WIDTH, given.width(), reader.width());
                requireSame(VencConstants.HEIGHT, given.height(), reader.height());
                if (given.pixelFormat() != null && given.pixelFormat() != PixelFormat.NV12) {
                    throw new InvalidFrameException("Header " + VencConstants.PIXEL_FORMAT + "=" + given.pixelFormat()
                            + " contradicts the Y4M clip, which is read as NV12");
                }
                int fps = reader.frameRate(given.frameRate() != null ? given.frameRate() : defaultRate(conf));
                if (reader.frameRateNum() > 0) {
                    requireSame(VencConstants.FRAME_RATE, given.frameRate(), fps);
                }
                b.width(reader.width()).height(reader.height()).pixelFormat(PixelFormat.NV12);
                Picture.frameRate(b, conf, fps);
            } else {
                given.applyTo(b, conf, "A raw clip needs its size", "a YUV4MPEG2 clip");
                ChannelConfig probe = b.build();
                long frameSize = probe.frameSize();
                if (length >= 0 && length % frameSize != 0) {
                    throw new InvalidFrameException("Raw clip of " + length + " bytes is not a whole number of "
                            + probe.width() + "x" + probe.height() + " " + probe.pixelFormat() + " frames ("
                            + frameSize + " bytes each)");
                }
                reader = ClipReader.raw(buffered, probe.width(), probe.height(), probe.pixelFormat(),
                        probe.srcFrameRate());
            }
            encode(exchange, b.build(), reader);
        }
    }

    private static int defaultRate(VencConfiguration conf) {
        return conf.getSrcFrameRate() != null ? conf.getSrcFrameRate() : 30;
    }

    private static void requireSame(String header, Integer given, int actual) {
        if (given != null && given != actual) {
            throw new InvalidFrameException("Header " + header + "=" + given + " contradicts the Y4M clip header ("
                    + actual + ")");
        }
    }

    private void encode(Exchange exchange, ChannelConfig config, ClipReader reader) throws IOException {
        VencStatistics stats = endpoint.statistics();
        CachedOutputStream out = new CachedOutputStream(exchange);
        Container container = endpoint.getConfiguration().getContainer();
        ClipSink sink = new ClipSink(out, stats, container != Container.ANNEXB);
        String backend;
        long frames = 0;
        boolean ok = false;
        try {
            Frame frame = reader.next();
            if (frame == null) {
                throw new InvalidFrameException("The clip holds no frame");
            }
            try (Channel channel = Encoders.open(config, sink)) {
                stats.channelOpened();
                try {
                    backend = channel.backendName();
                    do {
                        channel.send(frame);
                        stats.frameIn();
                        frames++;
                    } while ((frame = reader.next()) != null);
                } finally {
                    stats.channelClosed();
                }
            }
            if (sink.writeError != null) {
                throw sink.writeError;
            }
            if (sink.encodeError != null) {
                throw sink.encodeError;
            }
            long size = sink.bytes;
            String codecs = null;
            if (container != Container.ANNEXB) {
                List<Packet> coded = sink.packets;
                byte[] file = ClipMuxer.mux(container, config.codec(),
                        new Timing(config.srcFrameRate(), config.dstFrameRate()), coded);
                codecs = VideoTrack.of(config.codec(), coded.get(0)).codecString();
                out.write(file);
                size = file.length;
            }
            Message msg = exchange.getMessage();
            msg.setBody(out.newStreamCache());
            msg.setHeader(VencConstants.FRAME_COUNT, frames);
            msg.setHeader(VencConstants.ENCODED_COUNT, sink.encoded);
            msg.setHeader(VencConstants.DROPPED_COUNT, sink.dropped);
            msg.setHeader(VencConstants.IDR_INDEXES, List.copyOf(sink.idrIndexes));
            msg.setHeader(VencConstants.BYTE_COUNT, size);
            msg.setHeader(VencConstants.CONTAINER, container.id());
            if (codecs != null) {
                msg.setHeader(VencConstants.CODECS, codecs);
            }
            msg.setHeader(VencConstants.BACKEND, backend);
            msg.setHeader(VencConstants.CODEC, config.codec().id());
            msg.setHeader(VencConstants.OUTPUT_WIDTH, config.width());
            msg.setHeader(VencConstants.OUTPUT_HEIGHT, config.height());
            msg.setHeader(VencConstants.OUTPUT_FRAME_RATE, config.srcFrameRate());
            ok = true;
        } finally {
            if (!ok) {
                out.close();
            }
        }
    }

    private static long bodyLength(Message in) {
        Object body = in.getBody();
        if (body instanceof byte[] bytes) {
            return bytes.length;
        }
        if (body instanceof ByteBuffer buffer) {
            return buffer.remaining();
        }
        if (body instanceof File file) {
            return file.length();
        }
        if (body instanceof Path path) {
            return path.toFile().length();
        }
        if (body instanceof WrappedFile<?> wrapped && wrapped.getFile() instanceof File file) {
            return file.length();
        }
        return -1;
    }

    private static InputStream openBody(Message in) throws IOException {
        Object body = in.getBody();
        if (body instanceof byte[] bytes) {
            return new ByteArrayInputStream(bytes);
        }
        if (body instanceof ByteBuffer buffer) {
            ByteBuffer b = buffer.duplicate();
            byte[] bytes = new byte[b.remaining()];
            b.get(bytes);
            return new ByteArrayInputStream(bytes);
        }
        if (body instanceof File file) {
            return Files.newInputStream(file.toPath());
        }
        if (body instanceof Path path) {
            return Files.newInputStream(path);
        }
        if (body instanceof WrappedFile<?> || body instanceof InputStream) {
            InputStream stream = in.getBody(InputStream.class);
            if (stream != null) {
                return stream;
            }
        }
        throw new InvalidFrameException("Unsupported body type in clip mode: "
                + (body == null ? "null" : body.getClass().getName())
                + "; send a File, GenericFile, Path, InputStream, byte[] or ByteBuffer holding raw NV12/NV21 or YUV4MPEG2");
    }

    /** Writes access units to the output stream in order (or keeps them for a container) and counts them. */
    private static final class ClipSink implements PacketSink {
        private final CachedOutputStream out;
        private final VencStatistics stats;
        private final boolean keep;
        final List<Packet> packets = new ArrayList<>();
        long encoded;
        long dropped;
        long bytes;
        final List<Long> idrIndexes = new ArrayList<>();
        IOException writeError;
        VencException encodeError;

        ClipSink(CachedOutputStream out, VencStatistics stats, boolean keep) {
            this.out = out;
            this.stats = stats;
            this.keep = keep;
        }

        @Override
        public void onPacket(Packet packet) {
            if (packet.isDropped()) {
                dropped++;
                stats.frameDropped();
                return;
            }
            if (packet.frameType() == FrameType.IDR) {
                idrIndexes.add(encoded);
            }
            encoded++;
            bytes += packet.data().length;
            stats.frameOut(packet.data().length);
            if (keep) {
                packets.add(packet);
            } else if (writeError == null) {
                try {
                    out.write(packet.data());
                } catch (IOException e) {
                    writeError = e;
                }
            }
        }

        @Override
        public void onError(long frameIndex, long pts, VencException error) {
            if (encodeError == null) {
                encodeError = new VencException("Encoding failed at frame " + frameIndex + " of the clip: "
                        + error.getMessage(), error);
            }
        }
    }
}
