package io.github.camelvenc.camel;

import io.github.camelvenc.engine.Codec;
import java.util.List;
import java.util.Map;
import org.apache.camel.Endpoint;
import org.apache.camel.spi.Metadata;
import org.apache.camel.spi.annotations.Component;
import org.apache.camel.support.HealthCheckComponent;

/**
 * The {@code venc:} component. Its {@link VencConfiguration} holds the defaults of every endpoint;
 * each endpoint gets a copy overridden by its URI parameters. Every endpoint registers a readiness
 * check ({@link VencHealthCheck}) in Camel's producer health checks.
 */
@Component("venc")
public class VencComponent extends HealthCheckComponent {

    @Metadata(description = "Default options of every venc endpoint; URI parameters override them.")
    private VencConfiguration configuration = new VencConfiguration();

    @Override
    protected Endpoint createEndpoint(String uri, String remaining, Map<String, Object> parameters) throws Exception {
        VencEndpoint endpoint = new VencEndpoint(uri, this, configuration.copy());
        endpoint.setCodec(Codec.parse(remaining));
        setProperties(endpoint, parameters);
        if (endpoint.getConfiguration().getChannelPoolSize() < 1) {
            throw new IllegalArgumentException("Invalid value for option 'channelPoolSize': "
                    + endpoint.getConfiguration().getChannelPoolSize() + " (allowed: at least 1)");
        }
        if (endpoint.getConfiguration().getIdleTimeout() < 0) {
            throw new IllegalArgumentException("Invalid value for option 'idleTimeout': "
                    + endpoint.getConfiguration().getIdleTimeout() + " (allowed: 0 or more milliseconds)");
        }
        if (endpoint.getConfiguration().getFlushTimeout() < 0) {
            throw new IllegalArgumentException("Invalid value for option 'flushTimeout': "
                    + endpoint.getConfiguration().getFlushTimeout() + " (allowed: 0 or more milliseconds)");
        }
        return endpoint;
    }

    /** The default options of every endpoint. */
    public VencConfiguration getConfiguration() {
        return configuration;
    }

    /** Replaces the default options of every endpoint created afterwards. */
    public void setConfiguration(VencConfiguration configuration) {
        this.configuration = configuration;
    }

    /** Every venc endpoint of the Camel context, for monitoring (statistics, open channels). */
    public List<VencEndpoint> getVencEndpoints() {
        return getCamelContext().getEndpoints().stream()
                .filter(VencEndpoint.class::isInstance)
                .map(VencEndpoint.class::cast)
                .filter(e -> e.getComponent() == this)
                .toList();
    }
}
