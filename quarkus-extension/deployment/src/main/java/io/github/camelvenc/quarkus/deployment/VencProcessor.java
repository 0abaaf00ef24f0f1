package io.github.camelvenc.quarkus.deployment;

import io.github.camelvenc.engine.EncoderBackend;
import io.github.camelvenc.engine.jna.JnaVersion;
import io.github.camelvenc.quarkus.runtime.VencBuildTimeConfig;
import io.github.camelvenc.quarkus.runtime.VencMetrics;
import io.github.camelvenc.quarkus.runtime.VencMonitor;
import io.github.camelvenc.quarkus.runtime.VencRecorder;
import io.quarkus.arc.deployment.AdditionalBeanBuildItem;
import io.quarkus.bootstrap.classloading.QuarkusClassLoader;
import io.quarkus.deployment.Capabilities;
import io.quarkus.deployment.Capability;
import io.quarkus.deployment.annotations.BuildProducer;
import io.quarkus.deployment.annotations.BuildStep;
import io.quarkus.deployment.annotations.ExecutionTime;
import io.quarkus.deployment.annotations.Record;
import io.quarkus.deployment.builditem.CombinedIndexBuildItem;
import io.quarkus.deployment.builditem.FeatureBuildItem;
import io.quarkus.deployment.builditem.IndexDependencyBuildItem;
import io.quarkus.deployment.builditem.nativeimage.JniRuntimeAccessBuildItem;
import io.quarkus.deployment.builditem.nativeimage.NativeImageProxyDefinitionBuildItem;
import io.quarkus.deployment.builditem.nativeimage.NativeImageResourceBuildItem;
import io.quarkus.deployment.builditem.nativeimage.ReflectiveClassBuildItem;
import io.quarkus.deployment.builditem.nativeimage.RuntimeInitializedPackageBuildItem;
import io.quarkus.deployment.builditem.nativeimage.ServiceProviderBuildItem;
import io.quarkus.deployment.pkg.builditem.CurateOutcomeBuildItem;
import io.quarkus.deployment.pkg.steps.NativeOrNativeSourcesBuild;
import io.quarkus.maven.dependency.ResolvedDependency;
import java.util.Collection;
import java.util.List;
import java.util.TreeSet;
import org.apache.camel.quarkus.core.deployment.spi.RuntimeCamelContextCustomizerBuildItem;
import org.jboss.jandex.ClassInfo;
import org.jboss.jandex.DotName;
import org.jboss.jandex.IndexView;

/** Build steps of the {@code camel-quarkus-venc} extension. */
class VencProcessor {

    static final String FEATURE = "camel-venc";

    /** The metrics capability is provided by quarkus-micrometer; check it is Micrometer. */
    private static final String MICROMETER_REGISTRY = "io.micrometer.core.instrument.MeterRegistry";
    private static final String JNA_GROUP = "net.java.dev.jna";
    private static final String JNA_ARTIFACT = "jna";
    private static final DotName JNA_STRUCTURE = DotName.createSimple("com.sun.jna.Structure");
    private static final DotName JNA_LIBRARY = DotName.createSimple("com.sun.jna.Library");
    private static final DotName JNA_CALLBACK = DotName.createSimple("com.sun.jna.Callback");

    /**
     * Classes the JNA dispatch library reaches through JNI (it looks up their constructors, methods and
     * fields by name), as listed in JNA's {@code dispatch.c}.
     */
    private static final List<String> JNA_JNI_CLASSES = List.of(
            "com.sun.jna.Callback",
            "com.sun.jna.CallbackProxy",
            "com.sun.jna.CallbackReference",
            "com.sun.jna.CallbackReference$AttachOptions",
            "com.sun.jna.CallbackReference$DefaultCallbackProxy",
            "com.sun.jna.FromNativeConverter",
            "com.sun.jna.IntegerType",
            "com.sun.jna.JNIEnv",
            "com.sun.jna.LastErrorException",
            "com.sun.jna.Native",
            "com.sun.jna.Native$ffi_callback",
            "com.sun.jna.NativeMapped",
            "com.sun.jna.Pointer",
            "com.sun.jna.PointerType",
            "com.sun.jna.Structure",
            "com.sun.jna.Structure$ByValue",
            "com.sun.jna.Structure$FFIType",
            "com.sun.jna.Structure$FFIType$FFITypes",
            "com.sun.jna.WString",
            "java.lang.Boolean",
            "java.lang.Byte",
            "java.lang.Character",
            "java.lang.Class",
            "java.lang.Double",
            "java.lang.Float",
            "java.lang.Integer",
            "java.lang.Long",
            "java.lang.Object",
            "java.lang.Short",
            "java.lang.String",
            "java.lang.Void",
            "java.lang.reflect.Method",
            "java.nio.Buffer",
            "java.nio.ByteBuffer",
            "java.nio.CharBuffer",
            "java.nio.DoubleBuffer",
            "java.nio.FloatBuffer",
            "java.nio.IntBuffer",
            "java.nio.LongBuffer",
            "java.nio.ShortBuffer");


    /**
     * The feature, after checking the application's JNA: the build fails when it resolves a JNA older
     * than the engine runs on (its BOM or pom manages one), with the message of {@link JnaVersion#require()}.
     */
    @BuildStep
    FeatureBuildItem feature(CurateOutcomeBuildItem curate) {
        String problem = jnaProblem(curate.getApplicationModel().getRuntimeDependencies());
        if (problem != null) {
            throw new IllegalStateException(problem);
        }
        return new FeatureBuildItem(FEATURE);
    }

    /** The {@link JnaVersion#problem} of the JNA among {@code dependencies}, or null when it is new enough. */
    static String jnaProblem(Collection<ResolvedDependency> dependencies) {
        for (ResolvedDependency d : dependencies) {
            if (JNA_GROUP.equals(d.getGroupId()) && JNA_ARTIFACT.equals(d.getArtifactId())) {
                return JnaVersion.problem(d.getVersion());
            }
        }
        return null;
    }

    /** Puts the engine, the component and JNA into the index, so the steps below see their classes. */
    @BuildStep
    void index(BuildProducer<IndexDependencyBuildItem> index) {
        index.produce(new IndexDependencyBuildItem("io.github.camelvenc", "venc-native"));
        index.produce(new IndexDependencyBuildItem("io.github.camelvenc", "camel-venc"));
        index.produce(new IndexDependencyBuildItem(JNA_GROUP, JNA_ARTIFACT));
    }

    @BuildStep
    AdditionalBeanBuildItem monitorBean() {
        return AdditionalBeanBuildItem.unremovableOf(VencMonitor.class);
    }

    /** Applies {@code quarkus.camel.venc.*} (the Ascend library paths) and attaches the monitor. */
    @BuildStep
    @Record(ExecutionTime.RUNTIME_INIT)
    void configureComponent(VencRecorder recorder, BuildProducer<RuntimeCamelContextCustomizerBuildItem> customizers) {
        customizers.produce(new RuntimeCamelContextCustomizerBuildItem(recorder.configureComponent()));
    }

    @BuildStep
    void metricsBean(Capabilities capabilities, VencBuildTimeConfig config, BuildProducer<AdditionalBeanBuildItem> beans) {
        if (metricsEnabled(capabilities, config)) {
            beans.produce(AdditionalBeanBuildItem.unremovableOf(VencMetrics.class));
        }
    }

    /** Registers the meters of every {@code venc:} endpoint as it is created. */
    @BuildStep
    @Record(ExecutionTime.RUNTIME_INIT)
    void bindMetrics(Capabilities capabilities, VencBuildTimeConfig config, VencRecorder recorder,
            BuildProducer<RuntimeCamelContextCustomizerBuildItem> customizers) {
        if (metricsEnabled(capabilities, config)) {
            customizers.produce(new RuntimeCamelContextCustomizerBuildItem(recorder.bindMetrics()));
        }
    }

    /** The backends are found with {@link java.util.ServiceLoader}. */
    @BuildStep
    ServiceProviderBuildItem encoderBackends() {
        return ServiceProviderBuildItem.allProvidersFromClassPath(EncoderBackend.class.getName());
    }

    /** Every JNA Structure (Union included) is built and read by reflection over its fields. */
    @BuildStep(onlyIf = NativeOrNativeSourcesBuild.class)
    void jnaStructures(CombinedIndexBuildItem combinedIndex, BuildProducer<ReflectiveClassBuildItem> reflective) {
        String[] structures = names(combinedIndex.getIndex().getAllKnownSubclasses(JNA_STRUCTURE));
        if (structures.length > 0) {
            reflective.produce(ReflectiveClassBuildItem.builder(structures)
                    .constructors().methods().fields().build());
        }
    }

    /** Library interfaces are implemented by dynamic proxies; callbacks are invoked from native code. */
    @BuildStep(onlyIf = NativeOrNativeSourcesBuild.class)
    void jnaInterfaces(CombinedIndexBuildItem combinedIndex, BuildProducer<NativeImageProxyDefinitionBuildItem> proxies,
            BuildProducer<ReflectiveClassBuildItem> reflective, BuildProducer<JniRuntimeAccessBuildItem> jni) {
        IndexView index = combinedIndex.getIndex();
        for (String library : names(index.getAllKnownSubinterfaces(JNA_LIBRARY))) {
            proxies.produce(new NativeImageProxyDefinitionBuildItem(library));
            reflective.produce(ReflectiveClassBuildItem.builder(library).methods().build());
        }
        String[] callbacks = names(index.getAllKnownSubinterfaces(JNA_CALLBACK));
        for (String callback : callbacks) {
            proxies.produce(new NativeImageProxyDefinitionBuildItem(callback));
        }
        if (callbacks.length > 0) {
            reflective.produce(ReflectiveClassBuildItem.builder(callbacks).methods().build());
            jni.produce(new JniRuntimeAccessBuildItem(false, true, false, callbacks));
        }
        String[] callbackImplementations = names(index.getAllKnownImplementors(JNA_CALLBACK));
        if (callbackImplementations.length > 0) {
            reflective.produce(ReflectiveClassBuildItem.builder(callbackImplementations).methods().build());
            jni.produce(new JniRuntimeAccessBuildItem(false, true, false, callbackImplementations));
        }
    }

    /** What {@code libjnidispatch} itself needs: JNI access to JNA and boxing classes, and its own binary. */
    @BuildStep(onlyIf = NativeOrNativeSourcesBuild.class)
    void jnaRuntime(BuildProducer<JniRuntimeAccessBuildItem> jni, BuildProducer<ReflectiveClassBuildItem> reflective,
            BuildProducer<NativeImageResourceBuildItem> resources,
            BuildProducer<RuntimeInitializedPackageBuildItem> runtimeInitialized) {
        String[] classes = JNA_JNI_CLASSES.toArray(String[]::new);
        jni.produce(new JniRuntimeAccessBuildItem(true, true, true, classes));
        reflective.produce(ReflectiveClassBuildItem.builder(classes).constructors().methods().fields().build());
        resources.produce(new NativeImageResourceBuildItem(
                "com/sun/jna/linux-x86-64/libjnidispatch.so",
                "com/sun/jna/linux-aarch64/libjnidispatch.so"));
        // Static initializers that load native libraries must run in the running process, not at build time.
        runtimeInitialized.produce(new RuntimeInitializedPackageBuildItem("com.sun.jna"));
        runtimeInitialized.produce(new RuntimeInitializedPackageBuildItem("io.github.camelvenc.engine.software"));
        runtimeInitialized.produce(new RuntimeInitializedPackageBuildItem("io.github.camelvenc.engine.ascend"));
        runtimeInitialized.produce(new RuntimeInitializedPackageBuildItem("io.github.camelvenc.engine.jna"));
    }

    private static boolean metricsEnabled(Capabilities capabilities, VencBuildTimeConfig config) {
        return capabilities.isPresent(Capability.METRICS)
                && QuarkusClassLoader.isClassPresentAtRuntime(MICROMETER_REGISTRY) && config.metrics().enabled();
    }

    private static String[] names(Collection<ClassInfo> classes) {
        TreeSet<String> names = new TreeSet<>();
        for (ClassInfo c : classes) {
            names.add(c.name().toString());
        }
        return names.toArray(String[]::new);
    }
}
