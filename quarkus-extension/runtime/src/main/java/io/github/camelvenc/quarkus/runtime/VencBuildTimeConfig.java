package io.github.camelvenc.quarkus.runtime;

import io.quarkus.runtime.annotations.ConfigPhase;
import io.quarkus.runtime.annotations.ConfigRoot;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Build-time configuration of the {@code venc} extension, under {@code quarkus.camel.venc}. */
@ConfigMapping(prefix = "quarkus.camel.venc")
@ConfigRoot(phase = ConfigPhase.BUILD_TIME)
public interface VencBuildTimeConfig {

    /** Micrometer settings. */
    Metrics metrics();

    /** Per-endpoint meters. */
    interface Metrics {
        /** Whether to register the per-endpoint meters when {@code quarkus-micrometer} is present. */
        @WithDefault("true")
        boolean enabled();
    }
}
