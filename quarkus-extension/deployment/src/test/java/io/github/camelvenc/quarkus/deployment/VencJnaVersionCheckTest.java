package io.github.camelvenc.quarkus.deployment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.github.camelvenc.engine.jna.JnaVersion;
import io.quarkus.maven.dependency.ResolvedDependency;
import io.quarkus.maven.dependency.ResolvedDependencyBuilder;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The build of an application that resolves a JNA older than the engine's minimum fails with the run-time message. */
class VencJnaVersionCheckTest {

    @Test
    void olderJnaFailsTheBuildWithTheRunTimeMessage() {
        String problem = VencProcessor.jnaProblem(List.of(dependency("org.slf4j", "slf4j-api", "2.0.17"),
                dependency("net.java.dev.jna", "jna", "5.5.0")));
        assertEquals(JnaVersion.problem("5.5.0"), problem);
    }

    @Test
    void quarkusBomJnaAndNewerPass() {
        assertNull(VencProcessor.jnaProblem(List.of(dependency("net.java.dev.jna", "jna", "5.8.0"))));
        assertNull(VencProcessor.jnaProblem(List.of(dependency("net.java.dev.jna", "jna", "5.19.1"))));
        assertNull(VencProcessor.jnaProblem(List.of(dependency("net.java.dev.jna", "jna-platform", "5.5.0"))));
    }

    private static ResolvedDependency dependency(String group, String artifact, String version) {
        return ResolvedDependencyBuilder.newInstance().setGroupId(group).setArtifactId(artifact).setVersion(version)
                .build();
    }
}
