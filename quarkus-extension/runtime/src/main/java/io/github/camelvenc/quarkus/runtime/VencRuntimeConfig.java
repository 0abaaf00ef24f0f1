package io.github.camelvenc.quarkus.runtime;

import io.github.camelvenc.engine.BackendKind;
import io.quarkus.runtime.annotations.ConfigDocMapKey;
import io.quarkus.runtime.annotations.ConfigPhase;
import io.quarkus.runtime.annotations.ConfigRoot;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.util.Map;
import java.util.Optional;

/**
 * Run-time configuration of the {@code venc} component, under {@code quarkus.camel.venc}. Every value
 * becomes a default of the component, so each {@code venc:} endpoint starts from it and its URI
 * options override it.
 */
@ConfigMapping(prefix = "quarkus.camel.venc")
@ConfigRoot(phase = ConfigPhase.RUN_TIME)
public interface VencRuntimeConfig {

    /**
     * The encoder backend: {@code auto} (Ascend VENC when its libraries load and a device answers,
     * libx264/libx265 otherwise), {@code software} or {@code ascend}.
     */
    @WithDefault("auto")
    BackendKind backend();

    /**
     * Path of the HiMPI library ({@code libacl_dvpp_mpi.so}). Unset: found through
     * {@code ASCEND_HOME_PATH}, the standard CANN install paths and {@code LD_LIBRARY_PATH}. Sets the
     * engine's system property {@code venc.himpi.library}.
     */
    Optional<String> himpiLibrary();

    /**
     * Path of the ACL runtime library ({@code libascendcl.so}). Unset: found like the HiMPI library.
     * Sets the engine's system property {@code venc.acl.library}.
     */
    Optional<String> aclLibrary();

    /** Ascend device id [0, 63]; ignored by the software backend. */
    @WithDefault("0")
    int deviceId();

    /**
     * Named preset of the VENC tuning guide applied under every endpoint's explicit options, e.g.
     * {@code h264-720p-monitoring} or {@code h265-1080p-movie}. Unset: no preset.
     */
    Optional<String> preset();

    /**
     * Largest number of channels open at once per endpoint in clip mode, so several clips encode in
     * parallel. Unset: the component's default.
     */
    Optional<Integer> channelPoolSize();

    /**
     * Component defaults for any other encoder option, by its endpoint option name in camelCase or
     * kebab-case, e.g. {@code quarkus.camel.venc.defaults.rcMode=CBR},
     * {@code quarkus.camel.venc.defaults.bit-rate=2000}. An unknown option or a value out of range stops
     * the application at start with a message naming the property.
     */
    @ConfigDocMapKey("option")
    Map<String, String> defaults();
}
