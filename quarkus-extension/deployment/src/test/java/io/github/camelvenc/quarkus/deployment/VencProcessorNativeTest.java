package io.github.camelvenc.quarkus.deployment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.jna.Structure;
import io.github.camelvenc.engine.EncoderBackend;
import io.quarkus.deployment.builditem.CombinedIndexBuildItem;
import io.quarkus.deployment.builditem.nativeimage.JniRuntimeAccessBuildItem;
import io.quarkus.deployment.builditem.nativeimage.NativeImageProxyDefinitionBuildItem;
import io.quarkus.deployment.builditem.nativeimage.NativeImageResourceBuildItem;
import io.quarkus.deployment.builditem.nativeimage.ReflectiveClassBuildItem;
import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.stream.Stream;
import org.jboss.jandex.Index;
import org.jboss.jandex.Indexer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The native-image steps find what JNA needs in the real engine classes: every Structure, the
 * Unions among them reached through JNA's own Union class, and every Library interface.
 * (These steps only run for native builds, which cannot be made here; this checks what they register.)
 */
class VencProcessorNativeTest {

    private static CombinedIndexBuildItem index;

    @BeforeAll
    static void indexEngineAndJna() throws Exception {
        Indexer indexer = new Indexer();
        addClasses(indexer, EncoderBackend.class);
        addClasses(indexer, Structure.class);
        Index built = indexer.complete();
        index = new CombinedIndexBuildItem(built, built);
    }

    @Test
    void everyStructureAndUnionIsReflective() {
        List<ReflectiveClassBuildItem> items = new ArrayList<>();
        new VencProcessor().jnaStructures(index, items::add);
        assertEquals(1, items.size());
        ReflectiveClassBuildItem item = items.get(0);
        assertTrue(item.isConstructors() && item.isMethods() && item.isFields());
        List<String> names = item.getClassNames();
        assertTrue(names.contains("io.github.camelvenc.engine.software.X264Picture"), names.toString());
        assertTrue(names.contains("io.github.camelvenc.engine.software.X264Nal"), names.toString());
        assertTrue(names.contains("io.github.camelvenc.engine.ascend.HiMpiTypes$HiVencChnAttr"), names.toString());
        assertTrue(names.contains("io.github.camelvenc.engine.ascend.HiMpiTypes$HiVencAttrUnion"),
                "a Union, found through com.sun.jna.Union: " + names);
        assertTrue(names.stream().noneMatch(n -> n.endsWith("Library")), names.toString());
    }

    @Test
    void everyLibraryInterfaceIsAProxy() {
        List<NativeImageProxyDefinitionBuildItem> proxies = new ArrayList<>();
        List<ReflectiveClassBuildItem> reflective = new ArrayList<>();
        List<JniRuntimeAccessBuildItem> jni = new ArrayList<>();
        new VencProcessor().jnaInterfaces(index, proxies::add, reflective::add, jni::add);
        List<String> proxied = proxies.stream().flatMap(p -> p.getClasses().stream()).toList();
        for (String library : List.of("io.github.camelvenc.engine.software.X264Library",
                "io.github.camelvenc.engine.software.X265Library",
                "io.github.camelvenc.engine.ascend.HiMpiLibrary",
                "io.github.camelvenc.engine.ascend.AclLibrary")) {
            assertTrue(proxied.contains(library), library + " in " + proxied);
        }
        proxies.forEach(p -> assertEquals(1, p.getClasses().size(), "one interface per proxy, as Native.load makes"));
    }

    @Test
    void jnidispatchAndJniAccessAreRegistered() {
        List<JniRuntimeAccessBuildItem> jni = new ArrayList<>();
        List<NativeImageResourceBuildItem> resources = new ArrayList<>();
        new VencProcessor().jnaRuntime(jni::add, r -> { }, resources::add, p -> { });
        List<String> files = resources.stream().flatMap(r -> r.getResources().stream()).toList();
        for (String file : files) {
            assertTrue(Structure.class.getClassLoader().getResource(file) != null, file + " is in the JNA jar");
        }
        assertTrue(files.contains("com/sun/jna/linux-aarch64/libjnidispatch.so"), files.toString());
        List<String> classes = jni.stream().flatMap(j -> j.getClassNames().stream()).toList();
        for (String name : classes) {
            try {
                Class.forName(name, false, Structure.class.getClassLoader());
            } catch (ClassNotFoundException e) {
                throw new AssertionError("JNI class " + name + " does not exist", e);
            }
        }
        assertTrue(classes.contains("com.sun.jna.Native"));
    }

    private static void addClasses(Indexer indexer, Class<?> from) throws IOException, URISyntaxException {
        Path location = Path.of(from.getProtectionDomain().getCodeSource().getLocation().toURI());
        if (Files.isDirectory(location)) {
            try (Stream<Path> files = Files.walk(location)) {
                for (Path file : files.filter(f -> f.toString().endsWith(".class")).toList()) {
                    try (InputStream in = Files.newInputStream(file)) {
                        indexer.index(in);
                    }
                }
            }
            return;
        }
        try (JarFile jar = new JarFile(location.toFile())) {
            Enumeration<JarEntry> entries = jar.entries();
            while (entries.hasMoreElements()) {
                JarEntry entry = entries.nextElement();
                if (entry.getName().endsWith(".class") && !entry.getName().startsWith("META-INF/")) {
                    try (InputStream in = jar.getInputStream(entry)) {
                        indexer.index(in);
                    }
                }
            }
        }
    }
}
