package io.github.camelvenc.quarkus.runtime;

import io.github.camelvenc.camel.VencEndpoint;
import io.github.camelvenc.camel.VencStatistics;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.ToDoubleFunction;
import org.apache.camel.CamelContext;
import org.apache.camel.Endpoint;
import org.apache.camel.support.LifecycleStrategySupport;

/**
 * Micrometer meters of every {@code venc:} endpoint, tagged {@code endpoint=<uri>}: frames in, out and
 * dropped, bytes out, failed exchanges, completed clips, channels opened, open and at peak, the current bit
 * rate and frame rate, and the encode latency of each exchange. Registered only when
 * {@code quarkus-micrometer} is present.
 */
@Singleton
public class VencMetrics {

    /** Prefix of every meter name. */
    public static final String PREFIX = "camel.venc.";

    private final MeterRegistry registry;
    private final VencMonitor monitor;
    private final Map<VencEndpoint, Registered> endpoints = new ConcurrentHashMap<>();

    @Inject
    public VencMetrics(MeterRegistry registry, VencMonitor monitor) {
        this.registry = registry;
        this.monitor = monitor;
    }

    /** Follows the endpoints of the context as they come and go, and records latencies. */
    void bind(CamelContext context) {
        context.addLifecycleStrategy(new LifecycleStrategySupport() {
            @Override
            public void onEndpointAdd(Endpoint endpoint) {
                if (endpoint instanceof VencEndpoint venc) {
                    register(venc);
                }
            }

            @Override
            public void onEndpointRemove(Endpoint endpoint) {
                if (endpoint instanceof VencEndpoint venc) {
                    unregister(venc);
                }
            }
        });
        for (Endpoint endpoint : context.getEndpoints()) {
            if (endpoint instanceof VencEndpoint venc) {
                register(venc);
            }
        }
        monitor.addListener((endpoint, nanos) -> {
            Registered meters = endpoints.get(endpoint);
            if (meters != null) {
                meters.latency.record(nanos, TimeUnit.NANOSECONDS);
            }
        });
    }

    private void register(VencEndpoint endpoint) {
        endpoints.computeIfAbsent(endpoint, e -> {
            Tags tags = Tags.of("endpoint", e.getEndpointUri(), "codec", e.getCodec().id());
            VencStatistics statistics = e.statistics();
            List<Meter> meters = new ArrayList<>();
            meters.add(counter("frames.in", "Frames handed to the encoder", tags, statistics, s -> s.framesIn()));
            meters.add(counter("frames.out", "Access units produced", tags, statistics, s -> s.framesOut()));
            meters.add(counter("frames.dropped", "Frames dropped by the frame-rate control", tags, statistics,
                    s -> s.framesDropped()));
            meters.add(FunctionCounter.builder(PREFIX + "bytes.out", statistics, st -> st.snapshot().bytesOut())
                    .description("Bytes of all access units").baseUnit("bytes").tags(tags).register(registry));
            meters.add(counter("exchanges.failed", "Exchanges that failed (bad input, encoder error)", tags,
                    statistics, s -> s.failures()));
            meters.add(counter("clips.completed", "Clips encoded (clip mode)", tags, statistics,
                    s -> s.clipsCompleted()));
            meters.add(counter("channels.opened", "Channels opened since start", tags, statistics,
                    s -> s.channelsOpened()));
            meters.add(Gauge.builder(PREFIX + "channels.open", statistics, st -> st.snapshot().channelsOpen())
                    .description("Channels open now (frame mode: one per active key; clip mode: clips encoding)")
                    .tags(tags).register(registry));
            meters.add(Gauge.builder(PREFIX + "channels.peak", statistics, st -> st.snapshot().channelsPeak())
                    .description("Most channels open at the same time since start").tags(tags).register(registry));
            meters.add(Gauge.builder(PREFIX + "bit.rate", statistics, st -> st.snapshot().bitRateKbps())
                    .description("Output bit rate over the last 5 s").baseUnit("kbit/s").tags(tags).register(registry));
            meters.add(Gauge.builder(PREFIX + "frame.rate", statistics, st -> st.snapshot().fps())
                    .description("Access units per second over the last 5 s").tags(tags).register(registry));
            Timer latency = Timer.builder(PREFIX + "encode.latency")
                    .description("Time from sending an exchange to the endpoint until it completes: one frame in "
                            + "frame mode, a whole clip in clip mode")
                    .tags(tags).register(registry);
            meters.add(latency);
            return new Registered(meters, latency);
        });
    }

    private void unregister(VencEndpoint endpoint) {
        Registered meters = endpoints.remove(endpoint);
        if (meters != null) {
            meters.all.forEach(registry::remove);
        }
    }

    private FunctionCounter counter(String name, String description, Tags tags, VencStatistics statistics,
            ToDoubleFunction<VencStatistics.Snapshot> value) {
        return FunctionCounter.builder(PREFIX + name, statistics, st -> value.applyAsDouble(st.snapshot()))
                .description(description).tags(tags).register(registry);
    }

    private record Registered(List<Meter> all, Timer latency) {
    }
}
