package io.github.camelvenc.quarkus.runtime;

import io.quarkus.runtime.annotations.ConfigPhase;
import io.quarkus.runtime.annotations.ConfigRoot;
import io.smallrye.config.ConfigMapping;
import java.util.Optional;

/**
 * Run-time configuration of the {@code venc} extension, under {@code quarkus.camel.venc}: only what
 * Camel cannot express, the places of the Ascend libraries. The options of the component (backend,
 * device, preset, every encoder option) are Camel's own {@code camel.component.venc.*} properties.
 */
@ConfigMapping(prefix = "quarkus.camel.venc")
@ConfigRoot(phase = ConfigPhase.RUN_TIME)
public interface VencRuntimeConfig {

    /** System property the engine reads for the HiMPI library. */
    String HIMPI_LIBRARY_PROPERTY = "venc.himpi.library";
    /** System property the engine reads for the ACL runtime library. */
    String ACL_LIBRARY_PROPERTY = "venc.acl.library";

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
}
