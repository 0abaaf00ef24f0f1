package io.github.camelvenc.camel;

import io.github.camelvenc.engine.VencException;
import java.util.concurrent.ExecutorService;
import org.apache.camel.AsyncCallback;
import org.apache.camel.Exchange;

/**
 * How an endpoint's producers encode (clip mode or frame mode). One instance per endpoint is shared by
 * all of its producers: the first producer to start starts it, the last one to stop stops it and
 * waits for the work in progress.
 */
abstract class ProducerMode {
    protected final VencEndpoint endpoint;
    /** Guards {@link #start} and {@link #stop}, and the state a subclass changes with them. */
    protected final Object lifecycle = new Object();
    private int users;

    ProducerMode(VencEndpoint endpoint) {
        this.endpoint = endpoint;
    }

    /** A producer starts using this mode. */
    final void retain() {
        synchronized (lifecycle) {
            if (users++ == 0) {
                start();
            }
        }
    }

    /** A producer stops; the last one stops the mode and waits until its work in progress is done. */
    final void release() {
        ExecutorService finishing;
        synchronized (lifecycle) {
            if (users == 0 || --users > 0) {
                return;
            }
            finishing = stop();
        }
        endpoint.getCamelContext().getExecutorServiceManager().shutdownGraceful(finishing);
    }

    /** The exception of an exchange that arrives while no producer of the endpoint is started. */
    final VencException notStarted() {
        return new VencException("The venc endpoint " + endpoint.getEndpointKey() + " is not started");
    }

    /** Called by the first producer, under {@link #lifecycle}. */
    abstract void start();

    /**
     * Called by the last producer, under {@link #lifecycle}: takes no more work and returns the pool
     * that finishes the work in progress, which {@link #release} then shuts down gracefully.
     */
    abstract ExecutorService stop();

    /** Encodes the exchange asynchronously; Camel's {@code AsyncProcessor} contract. */
    abstract boolean process(Exchange exchange, AsyncCallback callback);
}
