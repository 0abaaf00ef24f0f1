package org.acme.venc;

import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The packaged application, as deployed: the JNA it ships and what it says about an invalid option. */
class StartupIT {
    private static final Path APP = Path.of("target/quarkus-app");

    @Test
    void invalidOptionStopsTheStartNamingIt() throws Exception {
        String java = System.getProperty("java.home") + File.separator + "bin" + File.separator + "java";
        Process p = new ProcessBuilder(java, "-Dcamel.component.venc.swPreset=turbo", "-Dapp.inbox=target/it/inbox",
                "-Dapp.outbox=target/it/outbox", "-jar", APP.resolve("quarkus-run.jar").toString())
                .redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), output);
        assertNotEquals(0, p.exitValue(), output);
        assertTrue(output.contains("Invalid value for option 'swPreset': turbo (allowed: ultrafast, superfast,"), output);
    }

    @Test
    void shipsTheJnaQuarkusBomManages() {
        assertTrue(Files.exists(APP.resolve("lib/main/net.java.dev.jna.jna-5.8.0.jar")),
                "quarkus-bom 3.31.0 manages JNA 5.8.0, and the engine needs no other");
    }
}
