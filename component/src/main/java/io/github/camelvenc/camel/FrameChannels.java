package io.github.camelvenc.camel;

import io.github.camelvenc.engine.Channel;
import io.github.camelvenc.engine.ChannelConfig;
import io.github.camelvenc.engine.Encoders;
import io.github.camelvenc.engine.Frame;
import io.github.camelvenc.engine.InvalidConfigException;
import io.github.camelvenc.engine.Packet;
import io.github.camelvenc.engine.PacketSink;
import io.github.camelvenc.engine.PixelFormat;
import io.github.camelvenc.engine.RcMode;
import io.github.camelvenc.engine.VencException;
import io.github.camelvenc.engine.mux.Container;
import io.github.camelvenc.engine.mux.LiveMuxer;
import io.github.camelvenc.engine.mux.Timing;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import org.apache.camel.AsyncCallback;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Frame mode of one endpoint: one long-lived channel per channel key, opened on the first frame of
 * that key, closed after {@code idleTimeout} without frames and when the last producer stops.
 *
 * <h2>Ownership and ordering</h2>
 * A {@link Session} owns its channel. Its {@code sendLock} is held while a frame is appended to the
 * session's in-flight queue and handed to {@link Channel#send}, so the queue order is the frame
 * order. The channel's sink (any thread, in frame order, never concurrently) attaches each packet,
 * drop record or error to the oldest in-flight frame the channel accepted; a frame the channel
 * rejected is marked failed in place. Exchanges are completed from the head of the queue, by at most
 * one task of the completion pool per session, so they complete in frame order and never inside a
 * channel call. Closing a session (idle, format change or stop) holds its {@code sendLock}, so no
 * frame is sent to a closing channel; the close flushes, which completes every frame still in flight.
 * At stop the sessions close concurrently, each on a thread of the completion pool.
 * A session opened for a key whose previous session still has exchanges to complete (a format change
 * or an idle close with frames in flight) completes nothing before that predecessor completed all of
 * its exchanges, so a key's exchanges complete in frame order across channels too.
 *
 * <h2>Bounds</h2>
 * At most {@code maxChannels} sessions are open; a frame of a new key beyond that fails with a
 * {@link ChannelLimitException}. Only frames a channel accepted refresh its idle timer, so a key that
 * keeps sending frames its channel rejects still has that channel closed after {@code idleTimeout}.
 */
final class FrameChannels extends ProducerMode {
    private static final Logger LOG = LoggerFactory.getLogger(FrameChannels.class);

    private final Map<String, Session> sessions = new ConcurrentHashMap<>();
    /** Closed sessions whose exchanges are not all complete yet, by key: the predecessor of the key's next session. */
    private final Map<String, Session> unfinished = new ConcurrentHashMap<>();
    private int maxChannels;
    private volatile ExecutorService completions;
    private ScheduledExecutorService reaper;

    FrameChannels(VencEndpoint endpoint) {
        super(endpoint);
    }

    @Override
    void start() {
        maxChannels = endpoint.getConfiguration().effectiveMaxChannels();
        completions = endpoint.getCamelContext().getExecutorServiceManager()
                .newCachedThreadPool(this, "VencFrames[" + endpoint.getEndpointKey() + "]");
        long idle = endpoint.getConfiguration().getIdleTimeout();
        long flush = endpoint.getConfiguration().getFlushTimeout();
        long period = Math.max(10, Math.min(idle > 0 ? idle / 4 : Long.MAX_VALUE,
                flush > 0 ? flush / 2 : Long.MAX_VALUE));
        if (idle > 0 || flush > 0) {
            reaper = endpoint.getCamelContext().getExecutorServiceManager()
                    .newSingleThreadScheduledExecutor(this, "VencIdle");
            reaper.scheduleWithFixedDelay(() -> housekeeping(idle, flush), period, period, TimeUnit.MILLISECONDS);
        }
    }

    /**
     * Flushes and closes every channel, which completes every exchange in flight. The channels close
     * concurrently on the completion pool: a close waits for its channel's encoder (an idle Ascend
     * channel up to 100 ms for its receive thread), so one after another the waits would add up.
     */
    @Override
    ExecutorService stop() {
        if (reaper != null) {
            endpoint.getCamelContext().getExecutorServiceManager().shutdownGraceful(reaper);
            reaper = null;
        }
        List<Future<?>> closing = new ArrayList<>();
        for (Session s : new ArrayList<>(sessions.values())) {
            try {
                closing.add(completions.submit(() -> s.close("stop")));
            } catch (RejectedExecutionException e) {
                s.close("stop");
            }
        }
        awaitCloses(closing);
        ExecutorService pool = completions;
        completions = null;
        return pool;
    }

    /** Waits for the closes; once interrupted, leaves the rest to the completion pool's graceful shutdown. */
    private static void awaitCloses(List<Future<?>> closing) {
        for (Future<?> close : closing) {
            try {
                close.get();
            } catch (ExecutionException e) {
                LOG.warn("Closing a channel at stop failed", e.getCause());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                LOG.warn("Interrupted while closing the channels at stop; the completion pool finishes them");
                return;
            }
        }
    }

    /** Keys of the open channels with their backend names, sorted by key. */
    Map<String, String> openChannels() {
        Map<String, String> open = new TreeMap<>();
        sessions.forEach((k, s) -> open.put(k, s.channel.backendName()));
        return open;
    }

    /** Flushes and closes the channel of {@code key}, completing its frames in flight; false when none is open. */
    boolean close(String key, String why) {
        Session s = sessions.get(key);
        if (s == null) {
            return false;
        }
        s.close(why);
        return true;
    }

    /** Sends the exchange's frame; the exchange completes later, in frame order. */
    @Override
    boolean process(Exchange exchange, AsyncCallback callback) {
        Message in = exchange.getIn();
        String key;
        try {
            String header = Headers.string(in, VencConstants.CHANNEL_KEY);
            key = header != null ? header : endpoint.getConfiguration().getDefaultChannelKey();
        } catch (Throwable e) {
            return failNow(exchange, callback, e);
        }
        boolean reopened = false;
        while (true) {
            Session session;
            try {
                session = sessionFor(key, in);
            } catch (Throwable e) {
                return failNow(exchange, callback, e);
            }
            switch (session.send(exchange, callback, reopened)) {
                case SENT:
                    return false;
                case FORMAT_CHANGED:
                    try {
                        ChannelConfig next = openConfig(in);
                        session.close("format change to " + format(next));
                    } catch (Throwable e) {
                        return failNow(exchange, callback, e);
                    }
                    reopened = true;
                    break;
                default:
                    break;
            }
        }
    }

    /** What {@link Session#send} did with a frame. */
    private enum SendResult {
        /** Sent to the channel, or failed in place: the exchange completes in frame order. */
        SENT,
        /** The session closed meanwhile: the caller retries on the key's next session. */
        CLOSED,
        /** A well-formed frame in a new size or pixel format, with onFormatChange=reopen: nothing was sent. */
        FORMAT_CHANGED
    }

    private static boolean formatDiffers(Frame frame, ChannelConfig c) {
        return frame.width() != c.width() || frame.height() != c.height() || frame.pixelFormat() != c.pixelFormat();
    }

    private static String format(ChannelConfig c) {
        return c.width() + "x" + c.height() + " " + c.pixelFormat();
    }

    private boolean failNow(Exchange exchange, AsyncCallback callback, Throwable e) {
        endpoint.fail(exchange, e);
        callback.done(true);
        return true;
    }

    private Session sessionFor(String key, Message in) {
        Session s = sessions.get(key);
        if (s != null) {
            return s;
        }
        synchronized (lifecycle) {
            if (completions == null) {
                throw notStarted();
            }
            s = sessions.get(key);
            if (s == null) {
                if (sessions.size() >= maxChannels) {
                    throw new ChannelLimitException(key, maxChannels, endpoint.getConfiguration().getIdleTimeout());
                }
                s = new Session(key, openConfig(in), unfinished.get(key));
                sessions.put(key, s);
            }
            return s;
        }
    }

    private ChannelConfig openConfig(Message in) {
        VencConfiguration conf = endpoint.getConfiguration();
        Picture picture = Picture.of(in);
        if (in.getBody() instanceof Frame f) {
            picture = picture.of(f);
        }
        ChannelConfig.Builder b = picture.applyTo(conf.toChannelBuilder(endpoint.getCodec(), true), conf,
                "Frame mode needs the frame size to open a channel", "an " + Frame.class.getName());
        Integer rate = Headers.integer(in, VencConstants.BIT_RATE);
        ChannelConfig base = b.build();
        return rate == null ? base : withBitRate(base, rate);
    }

    /** The configuration whose rc-mode target bit rate is {@code kbps}. */
    static ChannelConfig withBitRate(ChannelConfig c, int kbps) {
        ChannelConfig.Builder b = c.toBuilder();
        switch (c.rcMode()) {
            case CBR:
                b.bitRate(kbps);
                break;
            case QVBR:
                b.targetBitRate(kbps);
                break;
            case FIXQP:
                throw InvalidConfigException.conflict("CamelVencBitRate",
                        "a bit rate header has no effect with rcMode=FIXQP (use iQp/pQp)");
            default:
                b.maxBitRate(kbps);
                if (c.rcMode() == RcMode.CVBR) {
                    int ltMax = Math.min(c.longTermMaxBitRate(), kbps);
                    b.longTermMaxBitRate(ltMax).longTermMinBitRate(Math.min(c.longTermMinBitRate(), ltMax));
                }
                break;
        }
        return b.build();
    }

    /** Closes channels idle for idleMillis; flushes channels with frames in flight and quiet for flushMillis. */
    private void housekeeping(long idleMillis, long flushMillis) {
        long now = System.nanoTime();
        for (Session s : new ArrayList<>(sessions.values())) {
            long quiet = now - s.lastUse;
            try {
                if (idleMillis > 0 && quiet > TimeUnit.MILLISECONDS.toNanos(idleMillis)) {
                    s.closeIfIdle(idleMillis);
                } else if (flushMillis > 0 && quiet > TimeUnit.MILLISECONDS.toNanos(flushMillis)
                        && s.waitingForEncoder()) {
                    s.flushIfQuiet(flushMillis);
                }
            } catch (Throwable e) {
                // A scheduled task that throws is never run again: log and keep housekeeping alive.
                LOG.warn("Housekeeping of channel '{}' failed", s.key, e);
            }
        }
    }

    /** One frame in flight: its exchange and, once known, its packet or error. */
    private static final class InFlight {
        final Exchange exchange;
        final AsyncCallback callback;
        final String key;
        boolean accepted = true;
        boolean formatChanged;
        Packet packet;
        /** The packet in the endpoint's container, or null for annexb. */
        LiveMuxer.Chunk chunk;
        String segmentName;
        String codecs;
        Throwable error;
        String backend;

        InFlight(Exchange exchange, AsyncCallback callback, String key) {
            this.exchange = exchange;
            this.callback = callback;
            this.key = key;
        }

        boolean done() {
            return packet != null || error != null;
        }
    }

    /** The channel of one key, its in-flight frames and its pts counter. */
    private final class Session implements PacketSink {
        final String key;
        final Channel channel;
        final ReentrantLock sendLock = new ReentrantLock();
        /** Guarded by itself. */
        final ArrayDeque<InFlight> queue = new ArrayDeque<>();
        /** Guarded by queue. */
        boolean draining;
        /** Written under sendLock, read by the drain. */
        volatile boolean closed;
        /** Guarded by sendLock. */
        long nextPts;
        /** When the channel last accepted a frame (or opened). */
        volatile long lastUse = System.nanoTime();
        /** The key's previous session while it still has exchanges to complete; guarded by queue. */
        Session predecessor;
        /** The key's next session, waiting for this one to complete its exchanges; guarded by queue. */
        Session successor;
        /** Closed, and every exchange completed; guarded by queue. */
        boolean finished;
        /** The container muxer, null for annexb; used by the sink only (frame order, never concurrently). */
        final LiveMuxer mux;
        /** Wall-clock time of media time 0, set by the sink at the first access unit. */
        Instant origin;
        /** The current segment's file name; sink only. */
        String segmentName;

        Session(String key, ChannelConfig config, Session previous) {
            this.key = key;
            Container container = endpoint.getConfiguration().getContainer();
            this.mux = container == Container.ANNEXB ? null : new LiveMuxer(container, config.codec(),
                    new Timing(config.srcFrameRate(), config.dstFrameRate()),
                    endpoint.getConfiguration().getSegmentDuration() * 1000L);
            this.channel = Encoders.open(config, this);
            if (previous != null) {
                previous.precede(this);
            }
            endpoint.statistics().channelOpened();
            LOG.info("Opened {} channel '{}' on {} ({} {} {} kbit/s)", config.codec().id(), key,
                    channel.backendName(), format(config), config.rcMode(), config.effectiveBitRate());
        }

        /** Makes {@code next} wait for this session's exchanges, unless they are all complete already. */
        private void precede(Session next) {
            synchronized (queue) {
                if (!finished) {
                    successor = next;
                    next.predecessor = this;
                }
            }
        }

        /**
         * Sends the frame (an exchange that fails here is completed in frame order too), unless this
         * session closed meanwhile or the frame needs a channel of another format.
         *
         * @param reopened the frame's format change closed the key's previous channel
         */
        SendResult send(Exchange exchange, AsyncCallback callback, boolean reopened) {
            sendLock.lock();
            try {
                if (closed) {
                    return SendResult.CLOSED;
                }
                InFlight f = new InFlight(exchange, callback, key);
                f.backend = channel.backendName();
                f.formatChanged = reopened;
                boolean queued = false;
                try {
                    Message in = exchange.getIn();
                    ChannelConfig c = channel.config();
                    Integer w = Headers.integer(in, VencConstants.WIDTH);
                    Integer h = Headers.integer(in, VencConstants.HEIGHT);
                    PixelFormat pf = Headers.pixelFormat(in);
                    Long pts = Headers.longValue(in, VencConstants.PTS);
                    Frame frame = FrameInput.read(in, w != null ? w : c.width(), h != null ? h : c.height(),
                            pf != null ? pf : c.pixelFormat(), pts != null ? pts : nextPts);
                    if (formatDiffers(frame, c)
                            && endpoint.getConfiguration().getOnFormatChange() == OnFormatChange.REOPEN) {
                        LOG.info("Channel '{}' receives {}x{} {} frames instead of {}: reopening it", key,
                                frame.width(), frame.height(), frame.pixelFormat(), format(c));
                        return SendResult.FORMAT_CHANGED;
                    }
                    synchronized (queue) {
                        queue.addLast(f);
                    }
                    queued = true;
                    applyHeaders(in);
                    channel.send(frame);
                    nextPts = frame.pts() + 1;
                    lastUse = System.nanoTime();
                    endpoint.statistics().frameIn();
                } catch (Throwable e) {
                    synchronized (queue) {
                        if (!queued) {
                            queue.addLast(f);
                        }
                        f.accepted = false;
                        f.error = e;
                    }
                }
            } finally {
                sendLock.unlock();
            }
            scheduleDrain();
            return SendResult.SENT;
        }

        /** Force IDR, bit rate and frame rate headers, applied before the frame is sent. */
        private void applyHeaders(Message in) {
            Integer rate = Headers.integer(in, VencConstants.BIT_RATE);
            Integer fps = Headers.integer(in, VencConstants.FRAME_RATE);
            ChannelConfig c = channel.config();
            ChannelConfig next = c;
            if (rate != null && rate != c.effectiveBitRate()) {
                next = withBitRate(next, rate);
            }
            if (fps != null && fps != c.srcFrameRate()) {
                Integer dst = endpoint.getConfiguration().getDstFrameRate();
                next = next.toBuilder().srcFrameRate(fps).dstFrameRate(dst == null ? fps : Math.min(dst, fps)).build();
            }
            if (next != c) {
                channel.reconfigure(next);
                LOG.info("Reconfigured channel '{}': {} kbit/s, {} fps", key, next.effectiveBitRate(), next.srcFrameRate());
            }
            if (Headers.flag(in, VencConstants.FORCE_IDR)) {
                channel.requestIdr();
            }
        }

        @Override
        public void onPacket(Packet packet) {
            InFlight f = take();
            if (f != null) {
                LiveMuxer.Chunk chunk = null;
                Throwable error = null;
                if (mux != null) {
                    try {
                        chunk = mux.accept(packet);
                        if (chunk.segmentStart()) {
                            segmentName = segmentName(chunk);
                        }
                    } catch (Throwable e) {
                        error = e;
                    }
                }
                synchronized (queue) {
                    if (error != null) {
                        f.error = error;
                    } else {
                        f.packet = packet;
                        f.chunk = chunk;
                        f.segmentName = segmentName;
                        f.codecs = mux == null || mux.track() == null ? null : mux.track().codecString();
                    }
                }
            }
            scheduleDrain();
        }

        /** {@code <key>/<UTC start>.<ext>} of the segment {@code chunk} starts. */
        private String segmentName(LiveMuxer.Chunk chunk) {
            if (origin == null) {
                origin = Instant.now().minusNanos((long) (chunk.time() * 1e9));
            }
            Instant start = origin.plusNanos((long) (chunk.time() * 1e9));
            return SegmentNames.name(key, start, chunk.container().extension(endpoint.getCodec()));
        }

        @Override
        public void onError(long frameIndex, long pts, VencException error) {
            InFlight f = take();
            if (f != null) {
                synchronized (queue) {
                    f.error = error;
                }
            }
            scheduleDrain();
        }

        /** The oldest accepted frame still waiting for its output. */
        private InFlight take() {
            synchronized (queue) {
                for (InFlight f : queue) {
                    if (f.accepted && !f.done()) {
                        return f;
                    }
                }
            }
            LOG.warn("Channel '{}' delivered output with no frame in flight", key);
            return null;
        }

        /** Starts a drain when the oldest exchange is ready and none runs; marks the session finished when it is. */
        private void scheduleDrain() {
            Session next = null;
            boolean start = false;
            synchronized (queue) {
                InFlight head = queue.peekFirst();
                if (draining || predecessor != null || head == null || !head.done()) {
                    next = finishIfDrained();
                } else {
                    draining = true;
                    start = true;
                }
            }
            if (next != null) {
                next.predecessorFinished();
            }
            if (!start) {
                return;
            }
            ExecutorService pool = completions;
            if (pool == null) {
                drain();
                return;
            }
            try {
                pool.execute(this::drain);
            } catch (RejectedExecutionException e) {
                drain();
            }
        }

        private void drain() {
            while (true) {
                InFlight f;
                Session next = null;
                synchronized (queue) {
                    f = queue.peekFirst();
                    if (f == null || !f.done()) {
                        draining = false;
                        next = finishIfDrained();
                        f = null;
                    } else {
                        queue.removeFirst();
                    }
                }
                if (f == null) {
                    if (next != null) {
                        next.predecessorFinished();
                    }
                    return;
                }
                complete(f);
            }
        }

        /**
         * Holding the queue lock: once the session is closed and has completed every exchange (after its
         * predecessor did), marks it finished and returns its successor to wake, if any.
         */
        private Session finishIfDrained() {
            if (finished || !closed || predecessor != null || !queue.isEmpty()) {
                return null;
            }
            finished = true;
            unfinished.remove(key, this);
            Session next = successor;
            successor = null;
            return next;
        }

        /** The predecessor completed every exchange: this session may complete its own. */
        private void predecessorFinished() {
            synchronized (queue) {
                predecessor = null;
            }
            scheduleDrain();
        }

        void flush() {
            sendLock.lock();
            try {
                if (!closed) {
                    channel.flush();
                }
            } catch (Throwable e) {
                LOG.warn("Flushing channel '{}' failed", key, e);
            } finally {
                sendLock.unlock();
            }
        }

        /** Whether a frame the channel accepted still waits for its output. */
        boolean waitingForEncoder() {
            synchronized (queue) {
                for (InFlight f : queue) {
                    if (f.accepted && !f.done()) {
                        return true;
                    }
                }
            }
            return false;
        }

        void flushIfQuiet(long flushMillis) {
            if (!sendLock.tryLock()) {
                return;
            }
            try {
                if (!closed && System.nanoTime() - lastUse > TimeUnit.MILLISECONDS.toNanos(flushMillis)) {
                    channel.flush();
                }
            } catch (Throwable e) {
                LOG.warn("Flushing channel '{}' failed", key, e);
            } finally {
                sendLock.unlock();
            }
        }

        void closeIfIdle(long idleMillis) {
            if (!sendLock.tryLock()) {
                return;
            }
            try {
                if (!closed && System.nanoTime() - lastUse > TimeUnit.MILLISECONDS.toNanos(idleMillis)) {
                    closeLocked("idle for " + idleMillis + " ms");
                }
            } finally {
                sendLock.unlock();
            }
        }

        void close(String why) {
            sendLock.lock();
            try {
                if (!closed) {
                    closeLocked(why);
                }
            } finally {
                sendLock.unlock();
            }
        }

        private void closeLocked(String why) {
            closed = true;
            unfinished.put(key, this);
            sessions.remove(key, this);
            try {
                channel.close();
            } catch (Throwable e) {
                LOG.warn("Closing channel '{}' failed", key, e);
                synchronized (queue) {
                    for (InFlight f : queue) {
                        if (!f.done()) {
                            f.error = e;
                        }
                    }
                }
            }
            endpoint.statistics().channelClosed();
            LOG.info("Closed channel '{}' ({}): {}", key, why, channel.stats());
            scheduleDrain();
        }
    }

    private void complete(InFlight f) {
        Exchange exchange = f.exchange;
        try {
            if (f.error != null) {
                endpoint.fail(exchange, f.error);
            } else {
                output(f, exchange.getMessage());
            }
        } catch (Throwable e) {
            endpoint.fail(exchange, e);
        }
        try {
            f.callback.done(false);
        } catch (Throwable e) {
            LOG.warn("Completing exchange {} failed", exchange.getExchangeId(), e);
        }
    }

    private void output(InFlight f, Message out) {
        VencStatistics stats = endpoint.statistics();
        Packet p = f.packet;
        out.setBody(p.data());
        out.setHeader(VencConstants.PTS, p.pts());
        out.setHeader(VencConstants.FRAME_INDEX, p.frameIndex());
        out.setHeader(VencConstants.SEQUENCE, p.sequence());
        out.setHeader(VencConstants.DROPPED, p.isDropped());
        out.setHeader(VencConstants.CHANNEL_KEY, f.key);
        out.setHeader(VencConstants.BACKEND, f.backend);
        out.setHeader(VencConstants.CODEC, endpoint.getCodec().id());
        out.setHeader(VencConstants.FORMAT_CHANGED, f.formatChanged);
        out.setHeader(VencConstants.CONTAINER, endpoint.getConfiguration().getContainer().id());
        if (f.chunk != null) {
            LiveMuxer.Chunk c = f.chunk;
            out.setBody(c.data());
            out.setHeader(VencConstants.ACCESS_UNIT, p.data());
            out.setHeader(VencConstants.INIT_SEGMENT, c.init());
            out.setHeader(VencConstants.SEGMENT_START, c.segmentStart());
            out.setHeader(VencConstants.SEGMENT_NAME, f.segmentName);
            out.setHeader(VencConstants.MEDIA_TIME, c.time());
            if (f.codecs != null) {
                out.setHeader(VencConstants.CODECS, f.codecs);
            }
        }
        if (p.isDropped()) {
            stats.frameDropped();
            out.removeHeader(VencConstants.FRAME_TYPE);
            out.setHeader(VencConstants.KEY_FRAME, false);
            out.setHeader(VencConstants.NAL_TYPES, List.of());
        } else {
            stats.frameOut(p.data().length);
            out.setHeader(VencConstants.FRAME_TYPE, p.frameType());
            out.setHeader(VencConstants.KEY_FRAME, p.isKeyFrame());
            out.setHeader(VencConstants.NAL_TYPES, Arrays.stream(p.nalTypes()).boxed().toList());
        }
    }
}
