package io.github.camelvenc.examples.http;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerRequest;
import java.io.IOException;
import java.io.InputStream;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A request body read as it arrives, whatever its {@code Content-Type}: the bytes of a paused Vert.x
 * request as a blocking {@link InputStream}, read by the route (or the encoder) on a worker thread.
 *
 * <p>Bounded in three ways: the request is paused while more than {@link #HIGH_WATER} bytes wait to
 * be read (so a fast client never fills the heap), a body longer than {@code maxBytes} fails with
 * 413 (a {@code Content-Length} over it is refused by the HTTP server before any route runs), and a
 * client that sends nothing for {@code idleMillis} while the route waits for data fails with 408.
 * When the route answers before the body ended ({@link #abandon()}), the connection is closed after
 * the answer, so an unread or stalled body never holds it.
 */
final class UploadBody extends InputStream {
    /** Bytes queued before the request is paused. */
    static final int HIGH_WATER = 4 * 1024 * 1024;
    private static final Object END = new Object();

    private final HttpServerRequest request;
    private final long maxBytes;
    private final long idleMillis;
    private final LinkedBlockingQueue<Object> chunks = new LinkedBlockingQueue<>();
    /** Bytes received and not yet read; guarded by this. */
    private long queued;
    /** Guarded by this. */
    private boolean paused;
    private long received;
    private byte[] current = new byte[0];
    private int position;
    private volatile boolean ended;
    private IOException failure;

    /**
     * Takes over {@code request}, which must be paused (platform-http with {@code useBodyHandler=false}
     * hands it over so), and resumes it.
     */
    UploadBody(HttpServerRequest request, long maxBytes, long idleMillis) {
        this.request = request;
        this.maxBytes = maxBytes;
        this.idleMillis = idleMillis;
        request.handler(this::arrived);
        request.endHandler(v -> chunks.add(END));
        request.exceptionHandler(chunks::add);
        request.resume();
    }

    private void arrived(Buffer buffer) {
        byte[] bytes = buffer.getBytes();
        synchronized (this) {
            queued += bytes.length;
            if (queued > HIGH_WATER && !paused) {
                paused = true;
                request.pause();
            }
        }
        chunks.add(bytes);
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
        if (!fill()) {
            return -1;
        }
        int n = Math.min(len, current.length - position);
        System.arraycopy(current, position, b, off, n);
        position += n;
        consumed(n);
        return n;
    }

    /** The whole body, failing with 400 once it holds more than {@code limit} bytes. */
    byte[] readAtMost(int limit, String what) throws IOException {
        byte[] body = readNBytes(limit + 1);
        if (body.length > limit) {
            throw new UploadException(400, what + " has more than " + limit + " bytes");
        }
        return body;
    }

    /** Whether the client sent the whole body. */
    boolean ended() {
        return ended;
    }

    /** The route answers before the body ended: close the connection once the answer is sent. */
    void abandon() {
        if (!ended) {
            request.response().putHeader("Connection", "close");
            request.response().endHandler(v -> request.connection().close());
        }
    }

    private boolean fill() throws IOException {
        while (position == current.length) {
            if (failure != null) {
                throw failure;
            }
            if (ended) {
                return false;
            }
            Object next;
            try {
                next = chunks.poll(idleMillis, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted while reading the request body", e);
            }
            if (next == null) {
                failure = new UploadException(408, "the request body stalled: nothing received for " + idleMillis
                        + " ms after " + received + " bytes");
            } else if (next == END) {
                ended = true;
            } else if (next instanceof Throwable t) {
                failure = new UploadException(400, "the request body broke off after " + received + " bytes: " + t);
            } else {
                byte[] chunk = (byte[]) next;
                received += chunk.length;
                if (received > maxBytes) {
                    consumed(chunk.length);
                    failure = new UploadException(413, "the request body is larger than " + maxBytes + " bytes");
                } else {
                    current = chunk;
                    position = 0;
                }
            }
        }
        return true;
    }

    private void consumed(int n) {
        synchronized (this) {
            queued -= n;
            if (paused && queued < HIGH_WATER / 2) {
                paused = false;
                request.resume();
            }
        }
    }
}
