package io.github.camelvenc.examples.http;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * The live streams: each named stream receives its access units in order from the encoder and hands
 * them to any number of viewers. A new viewer starts with the access units since the latest IDR (which
 * carries the parameter sets), so its decoder starts at once, then gets every new access unit.
 *
 * <p>A viewer that falls more than {@link #VIEWER_QUEUE} access units behind loses its backlog and
 * resumes at the next IDR, so a slow viewer never holds the encoder back and never sees a broken
 * picture. Thread-safe: {@link #publish} runs on the encoder's thread of a stream (one at a time per
 * stream), viewers read on their own HTTP worker threads.
 */
@ApplicationScoped
public class StreamHub {
    /** Access units a viewer may lag behind before it is resynchronised at the next IDR. */
    static final int VIEWER_QUEUE = 256;
    /** Access units kept since the latest IDR for new viewers; a longer gop is joined at its next IDR. */
    static final int GOP_CACHE = 600;
    private static final byte[] END = new byte[0];

    private final Map<String, LiveStream> streams = new ConcurrentHashMap<>();

    /** Hands one encoded access unit of stream {@code id} to its viewers. */
    public void publish(String id, byte[] accessUnit, boolean idr) {
        stream(id).publish(accessUnit, idr);
    }

    /** A viewer of stream {@code id} (created if nobody sent to it yet): read it, close it when done. */
    public Viewer watch(String id) {
        return stream(id).watch();
    }

    /** Number of viewers of stream {@code id}. */
    public int viewers(String id) {
        LiveStream s = streams.get(id);
        return s == null ? 0 : s.viewers.size();
    }

    /** Ends every viewer (their reads return end of stream). */
    @PreDestroy
    void endAll() {
        streams.values().forEach(LiveStream::end);
    }

    private LiveStream stream(String id) {
        return streams.computeIfAbsent(id, k -> new LiveStream());
    }

    private static final class LiveStream {
        private final List<byte[]> sinceIdr = new ArrayList<>();
        private final List<Viewer> viewers = new CopyOnWriteArrayList<>();

        synchronized void publish(byte[] au, boolean idr) {
            if (idr) {
                sinceIdr.clear();
            }
            if (!sinceIdr.isEmpty() || idr) {
                if (sinceIdr.size() < GOP_CACHE) {
                    sinceIdr.add(au);
                } else {
                    sinceIdr.clear();
                }
            }
            for (Viewer v : viewers) {
                v.offer(au, idr);
            }
        }

        synchronized Viewer watch() {
            Viewer v = new Viewer(this);
            for (byte[] au : sinceIdr) {
                v.offer(au, au == sinceIdr.get(0));
            }
            viewers.add(v);
            return v;
        }

        synchronized void end() {
            for (Viewer v : viewers) {
                v.queue.clear();
                v.queue.offer(END);
            }
        }
    }

    /**
     * One viewer's byte stream: a read blocks until the next access unit; the stream ends when the app
     * stops or the viewer is closed.
     */
    public static final class Viewer extends InputStream {
        private final LiveStream stream;
        private final LinkedBlockingQueue<byte[]> queue = new LinkedBlockingQueue<>();
        private boolean waitingForIdr = true;
        private byte[] current = new byte[0];
        private int pos;
        private volatile boolean closed;

        Viewer(LiveStream stream) {
            this.stream = stream;
        }

        /** Called under the stream's lock, in access unit order. */
        void offer(byte[] au, boolean idr) {
            if (idr) {
                waitingForIdr = false;
            }
            if (waitingForIdr) {
                return;
            }
            if (queue.size() >= VIEWER_QUEUE) {
                queue.clear();
                if (!idr) {
                    waitingForIdr = true;
                    return;
                }
            }
            queue.offer(au);
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (len == 0) {
                return 0;
            }
            while (pos == current.length) {
                if (closed) {
                    return -1;
                }
                try {
                    byte[] next = queue.poll(1, TimeUnit.SECONDS);
                    if (next == END) {
                        closed = true;
                        return -1;
                    }
                    if (next != null) {
                        current = next;
                        pos = 0;
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IOException("interrupted while waiting for the live stream", e);
                }
            }
            int n = Math.min(len, current.length - pos);
            System.arraycopy(current, pos, b, off, n);
            pos += n;
            return n;
        }

        @Override
        public int available() {
            return current.length - pos;
        }

        /** Leaves the stream; a blocked read returns end of stream within a second. */
        @Override
        public void close() {
            closed = true;
            stream.viewers.remove(this);
        }
    }
}
