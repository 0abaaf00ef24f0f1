package io.github.camelvenc.camel;

import org.apache.camel.AsyncCallback;
import org.apache.camel.Exchange;
import org.apache.camel.support.DefaultAsyncProducer;

/**
 * Sends each exchange to the endpoint's frame channels or clip pool, asynchronously: a frame
 * exchange completes when its access unit (or drop record, or error) comes out, in frame order; a
 * clip exchange completes when its whole stream is encoded.
 */
public class VencProducer extends DefaultAsyncProducer {
    private final VencEndpoint endpoint;
    private final ProducerMode mode;

    public VencProducer(VencEndpoint endpoint) {
        super(endpoint);
        this.endpoint = endpoint;
        this.mode = endpoint.getConfiguration().getMode() == VencMode.FRAME ? endpoint.frameChannels()
                : endpoint.clipEncoder();
    }

    @Override
    public VencEndpoint getEndpoint() {
        return endpoint;
    }

    @Override
    public boolean process(Exchange exchange, AsyncCallback callback) {
        return mode.process(exchange, callback);
    }

    @Override
    protected void doStart() throws Exception {
        super.doStart();
        endpoint.getConfiguration().validateContainer();
        mode.retain();
    }

    @Override
    protected void doStop() throws Exception {
        mode.release();
        super.doStop();
    }
}
