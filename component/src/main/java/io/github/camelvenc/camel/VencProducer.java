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
    private final boolean frameMode;

    public VencProducer(VencEndpoint endpoint) {
        super(endpoint);
        this.endpoint = endpoint;
        this.frameMode = endpoint.getConfiguration().getMode() == VencMode.FRAME;
    }

    @Override
    public VencEndpoint getEndpoint() {
        return endpoint;
    }

    @Override
    public boolean process(Exchange exchange, AsyncCallback callback) {
        return frameMode ? endpoint.frameChannels().process(exchange, callback)
                : endpoint.clipEncoder().process(exchange, callback);
    }

    @Override
    protected void doStart() throws Exception {
        super.doStart();
        endpoint.getConfiguration().validateContainer();
        if (frameMode) {
            endpoint.frameChannels().retain();
        } else {
            endpoint.clipEncoder().retain();
        }
    }

    @Override
    protected void doStop() throws Exception {
        if (frameMode) {
            endpoint.frameChannels().release();
        } else {
            endpoint.clipEncoder().release();
        }
        super.doStop();
    }
}
