package io.github.camelvenc.engine.jna;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.util.Arrays;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class JnaVersionTest {

    @Test
    void readsTheVersionOfTheJnaOnTheClassPathNotTheOneCompiledAgainst() {
        Pattern jar = Pattern.compile("jna-(\\d+\\.\\d+\\.\\d+)\\.jar");
        String onClassPath = Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
                .map(p -> jar.matcher(new File(p).getName()))
                .filter(Matcher::matches)
                .map(m -> m.group(1))
                .findFirst().orElseThrow();
        assertEquals(onClassPath, JnaVersion.found());
        JnaVersion.require();
    }

    @Test
    void acceptsTheMinimumAndEveryNewerVersionNumerically() {
        assertNull(JnaVersion.problem("5.8.0"));
        assertNull(JnaVersion.problem("5.10.0"));
        assertNull(JnaVersion.problem("5.19.1"));
        assertNull(JnaVersion.problem("6.0.0-SNAPSHOT"));
    }

    @Test
    void refusesAnOlderVersionNamingItTheMinimumAndThePomLine() {
        String message = JnaVersion.problem("5.5.0");
        assertEquals("camel-venc needs JNA 5.8.0 or newer, but found JNA 5.5.0 (net.java.dev.jna:jna). Add to the"
                + " <dependencyManagement> of your pom: <dependency><groupId>net.java.dev.jna</groupId>"
                + "<artifactId>jna</artifactId><version>5.8.0</version></dependency>", message);
        assertTrue(JnaVersion.problem("4.5.2").contains("found JNA 4.5.2"));
        assertTrue(JnaVersion.problem("5.7.99").contains("found JNA 5.7.99"));
    }
}
