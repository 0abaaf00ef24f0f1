package io.github.camelvenc.engine;

import java.util.ArrayDeque;
import java.util.Objects;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What both backends share: call serialization, the closed state, frame validation, pts order, the
 * frame-rate control, packet ordering (drop records are kept in place between the packets of the
 * frames around them), sequence numbers and counters. A backend implements the {@code do*} methods
 * and reports each encoded frame with {@link #deliver} or {@link #fail}, in frame order, from any
 * one thread at a time.
 */
public abstract class AbstractChannel implements Channel {
    private static final Logger LOG = LoggerFactory.getLogger(AbstractChannel.class);

    private final PacketSink sink;
    private final ReentrantLock lock = new ReentrantLock();
    private final Object outputLock = new Object();
    /** Frames sent and not yet reported, oldest first; guarded by outputLock. */
    private final ArrayDeque<Pending> pending = new ArrayDeque<>();
    private volatile ChannelConfig config;
    private volatile boolean closed;
    private FrameRateControl rateControl;
    private long nextFrameIndex;
    private long lastPts = Long.MIN_VALUE;
    private long nextSequence;
    private long framesIn;
    private long framesOut;
    private long framesDropped;
    private long bytesOut;
    private long errors;

    protected AbstractChannel(ChannelConfig config, PacketSink sink) {
        this.config = Objects.requireNonNull(config, "config").validate();
        this.sink = Objects.requireNonNull(sink, "sink");
        this.rateControl = new FrameRateControl(config.srcFrameRate(), config.dstFrameRate());
    }

    /** Hands one kept frame to the encoder. Throwing leaves the frame unsent and the channel usable. */
    protected abstract void doSend(Frame frame, long frameIndex);

    protected abstract void doRequestIdr();

    /** Applies validated run-time changes; {@link #config()} still returns the old configuration. */
    protected abstract void doReconfigure(ChannelConfig next);

    /** Blocks until every frame handed to {@link #doSend} was reported with deliver or fail. */
    protected abstract void doFlush();

    /** Frees every native resource; called once, after a flush attempt, whatever happened before. */
    protected abstract void doClose();

    @Override
    public final ChannelConfig config() {
        return config;
    }

    @Override
    public final long send(Frame frame) {
        Objects.requireNonNull(frame, "frame");
        lock.lock();
        try {
            ensureOpen("send");
            ChannelConfig c = config;
            if (frame.width() != c.width() || frame.height() != c.height()) {
                throw new InvalidFrameException("Frame is " + frame.width() + "x" + frame.height()
                        + " but the channel encodes " + c.width() + "x" + c.height());
            }
            if (frame.pixelFormat() != c.pixelFormat()) {
                throw new InvalidFrameException("Frame is " + frame.pixelFormat() + " but the channel expects "
                        + c.pixelFormat());
            }
            if (frame.pts() < lastPts) {
                throw new InvalidFrameException("Frame pts " + frame.pts() + " goes backwards (previous pts "
                        + lastPts + ")");
            }
            long index = nextFrameIndex;
            boolean keep = rateControl.keepsNext();
            Pending entry = new Pending(index, frame.pts(), !keep);
            synchronized (outputLock) {
                pending.addLast(entry);
            }
            if (keep) {
                try {
                    doSend(frame, index);
                } catch (Throwable e) {
                    synchronized (outputLock) {
                        pending.removeLastOccurrence(entry);
                    }
                    throw e;
                }
            }
            rateControl.advance();
            nextFrameIndex++;
            lastPts = frame.pts();
            synchronized (outputLock) {
                framesIn++;
                emitLeadingDrops();
            }
            return index;
        } finally {
            lock.unlock();
        }
    }

    @Override
    public final void requestIdr() {
        lock.lock();
        try {
            ensureOpen("requestIdr");
            doRequestIdr();
        } finally {
            lock.unlock();
        }
    }

    @Override
    public final void reconfigure(ChannelConfig next) {
        lock.lock();
        try {
            ensureOpen("reconfigure");
            config.requireRuntimeChangeOnly(next.validate());
            doReconfigure(next);
            config = next;
            rateControl = new FrameRateControl(next.srcFrameRate(), next.dstFrameRate());
        } finally {
            lock.unlock();
        }
    }

    @Override
    public final void flush() {
        lock.lock();
        try {
            ensureOpen("flush");
            flushPending();
        } finally {
            lock.unlock();
        }
    }

    @Override
    public final ChannelStats stats() {
        synchronized (outputLock) {
            return new ChannelStats(framesIn, framesOut, framesDropped, bytesOut, errors);
        }
    }

    @Override
    public final void close() {
        lock.lock();
        try {
            ensureOpen("close");
            closed = true;
            try {
                flushPending();
            } finally {
                doClose();
            }
        } finally {
            lock.unlock();
        }
    }

    /** True once {@link #close()} started. */
    protected final boolean isClosed() {
        return closed;
    }

    /**
     * Reports the access unit of frame {@code frameIndex}; frames must be reported in the order
     * they were handed to {@link #doSend}. {@code data} must be owned by the caller's copy.
     */
    protected final void deliver(long frameIndex, FrameType type, byte[] data, int[] nalTypes) {
        synchronized (outputLock) {
            Pending p = takeFor(frameIndex);
            Packet packet = new Packet(data, p.pts, frameIndex, nextSequence++, type, nalTypes);
            framesOut++;
            bytesOut += data.length;
            toSink(packet);
            emitLeadingDrops();
        }
    }

    /** Reports that frame {@code frameIndex} failed inside the encoder. */
    protected final void fail(long frameIndex, VencException error) {
        synchronized (outputLock) {
            Pending p = takeFor(frameIndex);
            errors++;
            try {
                sink.onError(frameIndex, p.pts, error);
            } catch (Throwable e) {
                sinkFailed(frameIndex, e);
            }
            emitLeadingDrops();
        }
    }

    private Pending takeFor(long frameIndex) {
        emitLeadingDrops();
        Pending head = pending.peekFirst();
        if (head == null || head.frameIndex != frameIndex) {
            throw new IllegalStateException("Backend reported frame " + frameIndex + " out of order; expected "
                    + (head == null ? "none" : head.frameIndex));
        }
        return pending.removeFirst();
    }

    private void emitLeadingDrops() {
        Pending head;
        while ((head = pending.peekFirst()) != null && head.dropped) {
            pending.removeFirst();
            framesDropped++;
            toSink(Packet.dropped(head.pts, head.frameIndex));
        }
    }

    /** A sink that throws must not break the channel's bookkeeping: its failure is logged, the channel goes on. */
    private void toSink(Packet packet) {
        try {
            sink.onPacket(packet);
        } catch (Throwable e) {
            sinkFailed(packet.frameIndex(), e);
        }
    }

    private void sinkFailed(long frameIndex, Throwable e) {
        LOG.error("The packet sink of the " + backendName() + " channel threw on frame "
                + frameIndex + "; the channel goes on", e);
    }

    private void flushPending() {
        doFlush();
        synchronized (outputLock) {
            emitLeadingDrops();
            if (!pending.isEmpty()) {
                throw new IllegalStateException("Backend flushed with frame " + pending.peekFirst().frameIndex
                        + " unreported");
            }
        }
    }

    private void ensureOpen(String operation) {
        if (closed) {
            throw new ChannelClosedException("Cannot " + operation + ": the " + backendName() + " channel is closed");
        }
    }

    private record Pending(long frameIndex, long pts, boolean dropped) {
    }
}
