package io.github.camelvenc.quarkus.runtime;

import io.github.camelvenc.camel.VencComponent;
import io.github.camelvenc.camel.VencConfiguration;
import io.github.camelvenc.engine.ChannelConfig;
import io.github.camelvenc.engine.Codec;
import io.github.camelvenc.engine.InvalidConfigException;
import io.quarkus.runtime.configuration.ConfigurationException;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.apache.camel.CamelContext;
import org.apache.camel.spi.PropertyConfigurer;
import org.apache.camel.spi.PropertyConfigurerGetter;
import org.apache.camel.support.PluginHelper;
import org.apache.camel.support.PropertyBindingSupport;

/**
 * Turns {@link VencRuntimeConfig} into the defaults of the {@code venc} component, failing at start
 * with a message naming the property for an unknown option or an invalid value.
 */
final class VencComponentSettings {

    static final String PREFIX = "quarkus.camel.venc.";
    /** System properties the engine reads to find the Ascend libraries. */
    static final String HIMPI_LIBRARY_PROPERTY = "venc.himpi.library";
    static final String ACL_LIBRARY_PROPERTY = "venc.acl.library";

    /** Options with a property of their own, refused under {@code defaults}. */
    private static final Map<String, String> TYPED = Map.of(
            "backend", "backend",
            "deviceid", "device-id",
            "preset", "preset",
            "channelpoolsize", "channel-pool-size");

    private VencComponentSettings() {
    }

    static void apply(VencRuntimeConfig config, CamelContext context) {
        config.himpiLibrary().ifPresent(path -> System.setProperty(HIMPI_LIBRARY_PROPERTY, path));
        config.aclLibrary().ifPresent(path -> System.setProperty(ACL_LIBRARY_PROPERTY, path));

        VencComponent component = context.getComponent("venc", VencComponent.class);
        VencConfiguration defaults = component.getConfiguration();
        defaults.setBackend(config.backend());
        defaults.setDeviceId(config.deviceId());
        config.preset().ifPresent(defaults::setPreset);
        config.channelPoolSize().ifPresent(size -> {
            if (size < 1) {
                throw new ConfigurationException(PREFIX + "channel-pool-size=" + size + ": must be at least 1");
            }
            defaults.setChannelPoolSize(size);
        });
        bindDefaults(config.defaults(), defaults, context);
        validate(config, defaults);
    }

    /** Sets each {@code defaults.<option>} through the generated configurer of {@link VencConfiguration}. */
    private static void bindDefaults(Map<String, String> values, VencConfiguration target, CamelContext context) {
        PropertyConfigurer configurer = PluginHelper.getConfigurerResolver(context)
                .resolvePropertyConfigurer(VencConfiguration.class.getName(), context);
        for (Map.Entry<String, String> entry : new TreeMap<>(values).entrySet()) {
            String property = PREFIX + "defaults." + entry.getKey();
            String option = camelCase(entry.getKey());
            String typed = TYPED.get(option.toLowerCase(Locale.ROOT));
            if (typed != null) {
                throw new ConfigurationException(property + ": use " + PREFIX + typed + " instead");
            }
            if (configurer instanceof PropertyConfigurerGetter getter && getter.getOptionType(option, true) == null) {
                throw new ConfigurationException(property + ": unknown venc option '" + option
                        + "' (the options are those of the venc endpoint, see docs/quarkus.md)");
            }
            try {
                PropertyBindingSupport.build()
                        .withCamelContext(context)
                        .withTarget(target)
                        .withConfigurer(configurer)
                        .withReflection(false)
                        .withIgnoreCase(true)
                        .withMandatory(true)
                        .withProperty(option, entry.getValue())
                        .bind();
            } catch (RuntimeException e) {
                throw new ConfigurationException(property + "=" + entry.getValue() + ": " + rootMessage(e), e);
            }
        }
    }

    /**
     * Builds a channel configuration from the defaults so that a value out of range fails now, naming
     * the option, instead of at the first message. A missing picture size is filled in for the check only.
     */
    private static void validate(VencRuntimeConfig config, VencConfiguration defaults) {
        ChannelConfig.Builder builder = defaults.toChannelBuilder(Codec.H264, false);
        if (defaults.getPreset() == null) {
            int width = defaults.getWidth() != null ? defaults.getWidth() : ChannelConfig.MIN_SIDE;
            int height = defaults.getHeight() != null ? defaults.getHeight() : ChannelConfig.MIN_SIDE;
            builder.width(width).height(height);
        }
        try {
            builder.build();
        } catch (InvalidConfigException e) {
            throw new ConfigurationException(propertyOf(e.option(), config) + ": " + e.getMessage(), e);
        }
    }

    /** The property that set an option, as the user wrote it. */
    private static String propertyOf(String option, VencRuntimeConfig config) {
        String typed = TYPED.get(option.toLowerCase(Locale.ROOT));
        if (typed != null) {
            return PREFIX + typed;
        }
        for (Map.Entry<String, String> entry : config.defaults().entrySet()) {
            if (camelCase(entry.getKey()).equalsIgnoreCase(option)) {
                return PREFIX + "defaults." + entry.getKey() + "=" + entry.getValue();
            }
        }
        return PREFIX + "preset";
    }

    /** {@code bit-rate} to {@code bitRate}; camelCase names pass unchanged. */
    static String camelCase(String key) {
        StringBuilder sb = new StringBuilder(key.length());
        boolean upper = false;
        for (char c : key.toCharArray()) {
            if (c == '-') {
                upper = true;
            } else {
                sb.append(upper ? Character.toUpperCase(c) : c);
                upper = false;
            }
        }
        return sb.toString();
    }

    private static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getMessage() != null ? root.getMessage() : root.getClass().getSimpleName();
    }
}
