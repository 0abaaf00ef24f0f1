package io.github.camelvenc.quarkus.runtime;

import io.quarkus.arc.Arc;
import io.quarkus.runtime.RuntimeValue;
import io.quarkus.runtime.annotations.Recorder;
import org.apache.camel.spi.CamelContextCustomizer;

/** Applies {@code quarkus.camel.venc.*} at start. */
@Recorder
public class VencRecorder {

    private final RuntimeValue<VencRuntimeConfig> config;

    public VencRecorder(RuntimeValue<VencRuntimeConfig> config) {
        this.config = config;
    }

    /** Points the engine at the configured Ascend libraries and attaches the {@link VencMonitor}. */
    public RuntimeValue<CamelContextCustomizer> configureComponent() {
        VencRuntimeConfig runtimeConfig = config.getValue();
        return new RuntimeValue<>(context -> {
            runtimeConfig.himpiLibrary().ifPresent(path -> System.setProperty(VencRuntimeConfig.HIMPI_LIBRARY_PROPERTY, path));
            runtimeConfig.aclLibrary().ifPresent(path -> System.setProperty(VencRuntimeConfig.ACL_LIBRARY_PROPERTY, path));
            context.getManagementStrategy().addEventNotifier(Arc.container().instance(VencMonitor.class).get().notifier());
        });
    }

    /** Registers the meters of every venc endpoint, present and future. */
    public RuntimeValue<CamelContextCustomizer> bindMetrics() {
        return new RuntimeValue<>(context -> Arc.container().instance(VencMetrics.class).get().bind(context));
    }
}
