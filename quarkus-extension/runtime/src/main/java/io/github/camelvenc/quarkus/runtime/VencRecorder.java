package io.github.camelvenc.quarkus.runtime;

import io.quarkus.arc.Arc;
import io.quarkus.runtime.RuntimeValue;
import io.quarkus.runtime.annotations.Recorder;
import org.apache.camel.spi.CamelContextCustomizer;

/** Applies {@code quarkus.camel.venc.*} to the Camel context at start. */
@Recorder
public class VencRecorder {

    private final RuntimeValue<VencRuntimeConfig> config;

    public VencRecorder(RuntimeValue<VencRuntimeConfig> config) {
        this.config = config;
    }

    /** Configures the {@code venc} component's defaults and attaches the {@link VencMonitor}. */
    public RuntimeValue<CamelContextCustomizer> configureComponent() {
        VencRuntimeConfig runtimeConfig = config.getValue();
        return new RuntimeValue<>(context -> {
            VencComponentSettings.apply(runtimeConfig, context);
            context.getManagementStrategy().addEventNotifier(Arc.container().instance(VencMonitor.class).get().notifier());
        });
    }

    /** Registers the meters of every venc endpoint, present and future. */
    public RuntimeValue<CamelContextCustomizer> bindMetrics() {
        return new RuntimeValue<>(context -> Arc.container().instance(VencMetrics.class).get().bind(context));
    }
}
