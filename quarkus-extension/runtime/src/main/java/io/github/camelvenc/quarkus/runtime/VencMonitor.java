package io.github.camelvenc.quarkus.runtime;

import io.github.camelvenc.camel.VencEndpoint;
import jakarta.inject.Singleton;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.camel.Exchange;
import org.apache.camel.spi.CamelEvent;
import org.apache.camel.spi.CamelEvent.ExchangeSendingEvent;
import org.apache.camel.spi.CamelEvent.ExchangeSentEvent;
import org.apache.camel.spi.EventNotifier;
import org.apache.camel.support.EventNotifierSupport;

/**
 * Watches every exchange sent to a {@code venc:} endpoint: how long it took (one frame in frame mode,
 * a whole clip in clip mode), for the meters. (The last failure is the endpoint's own, reported by the
 * component's health check.)
 */
@Singleton
public class VencMonitor {

    private static final String SENDING_NANOS = "CamelVencMonitorSendingNanos";

    private final List<ExchangeListener> listeners = new CopyOnWriteArrayList<>();
    private final Notifier notifier = new Notifier();

    /** Receives every exchange a venc endpoint completed. */
    @FunctionalInterface
    public interface ExchangeListener {
        /**
         * @param endpoint the endpoint
         * @param nanos    time from sending to completion
         */
        void completed(VencEndpoint endpoint, long nanos);
    }

    /** Adds a listener called on the thread that completes each exchange. */
    public void addListener(ExchangeListener listener) {
        listeners.add(listener);
    }

    /** The event notifier to add to the Camel context. */
    EventNotifier notifier() {
        return notifier;
    }

    private final class Notifier extends EventNotifierSupport {

        Notifier() {
            setIgnoreCamelContextEvents(true);
            setIgnoreCamelContextInitEvents(true);
            setIgnoreRouteEvents(true);
            setIgnoreServiceEvents(true);
            setIgnoreStepEvents(true);
            setIgnoreExchangeCreatedEvent(true);
            setIgnoreExchangeCompletedEvent(true);
            setIgnoreExchangeFailedEvents(true);
            setIgnoreExchangeRedeliveryEvents(true);
            setIgnoreExchangeAsyncProcessingStartedEvents(true);
        }

        @Override
        public boolean isEnabled(CamelEvent event) {
            return (event instanceof ExchangeSendingEvent sending && sending.getEndpoint() instanceof VencEndpoint)
                    || (event instanceof ExchangeSentEvent sent && sent.getEndpoint() instanceof VencEndpoint);
        }

        @Override
        public void notify(CamelEvent event) {
            if (event instanceof ExchangeSendingEvent sending) {
                sending.getExchange().setProperty(SENDING_NANOS, System.nanoTime());
            } else if (event instanceof ExchangeSentEvent sent) {
                Exchange exchange = sent.getExchange();
                Long start = exchange.getProperty(SENDING_NANOS, Long.class);
                exchange.removeProperty(SENDING_NANOS);
                long nanos = start != null ? System.nanoTime() - start : sent.getTimeTaken() * 1_000_000L;
                VencEndpoint endpoint = (VencEndpoint) sent.getEndpoint();
                for (ExchangeListener listener : listeners) {
                    listener.completed(endpoint, nanos);
                }
            }
        }
    }
}
