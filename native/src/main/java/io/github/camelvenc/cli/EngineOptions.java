package io.github.camelvenc.cli;

import io.github.camelvenc.engine.ChannelConfig;
import io.github.camelvenc.engine.GopMode;
import io.github.camelvenc.engine.RcMode;
import io.github.camelvenc.engine.UserText;
import io.github.camelvenc.engine.VencException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Every {@link ChannelConfig.Builder} option as a {@code --kebab-case} command-line flag, derived from
 * the builder's setters by reflection so the CLI never lags behind the engine: {@code bitRate} becomes
 * {@code --bit-rate}, {@code minIQp} becomes {@code --min-i-qp}. Values are parsed by the setter's
 * parameter type: integers, {@code true}/{@code false}, strings, comma-separated integer lists, and
 * enums through their own {@code parse(String)} (so {@code --rc-mode cbr} and {@code --codec hevc}
 * are accepted exactly as the engine accepts them).
 */
final class EngineOptions {

    /** One builder setter exposed as a flag. */
    record Option(String flag, Method setter) {

        Class<?> type() {
            return setter.getParameterTypes()[0];
        }

        /** A short description of the accepted values, for help output. */
        String valueHint() {
            Class<?> t = type();
            if (t == Integer.class) {
                return "INT";
            }
            if (t == Boolean.class) {
                return "true|false";
            }
            if (t == List.class) {
                return "INT,INT,...";
            }
            if (t.isEnum()) {
                StringBuilder sb = new StringBuilder();
                for (Object c : t.getEnumConstants()) {
                    if (sb.length() > 0) {
                        sb.append('|');
                    }
                    String name = ((Enum<?>) c).name();
                    sb.append(UPPER_CASE_VALUES.contains(t) ? name : name.toLowerCase(Locale.ROOT));
                }
                return sb.toString();
            }
            return "TEXT";
        }
    }

    /**
     * Enums shown in upper case, as the component catalog and the docs show them (VENC's own names:
     * {@code CBR}, {@code DUAL_P}); every other enum is shown in lower case. Both cases are accepted.
     */
    private static final Set<Class<?>> UPPER_CASE_VALUES = Set.of(RcMode.class, GopMode.class);

    private static final Map<String, Option> OPTIONS = derive();

    private EngineOptions() {
    }

    /** The flag (without {@code --}) for a builder property name: {@code minIQp} gives {@code min-i-qp}. */
    static String kebab(String camel) {
        StringBuilder sb = new StringBuilder(camel.length() + 4);
        for (int i = 0; i < camel.length(); i++) {
            char c = camel.charAt(i);
            if (Character.isUpperCase(c)) {
                sb.append('-').append(Character.toLowerCase(c));
            } else {
                sb.append(c);
            }
        }
        return sb.toString();
    }

    /** Every option, sorted by flag. */
    static List<Option> all() {
        return List.copyOf(OPTIONS.values());
    }

    /** The option for a flag name without {@code --}, or null. */
    static Option find(String flag) {
        return OPTIONS.get(flag);
    }

    /**
     * Parses {@code text} for the option and calls its setter on {@code builder}.
     *
     * @throws UsageException when the text does not parse as the option's type
     * @throws VencException  when the engine's own parser rejects it (enums)
     */
    static void apply(ChannelConfig.Builder builder, Option option, String text) {
        Object value = parse(option, text);
        try {
            option.setter().invoke(builder, value);
        } catch (IllegalAccessException e) {
            throw new IllegalStateException("Cannot call " + option.setter(), e);
        } catch (InvocationTargetException e) {
            throw rethrow(e);
        }
    }

    private static Object parse(Option option, String text) {
        Class<?> t = option.type();
        String flag = "--" + option.flag();
        if (t == Integer.class) {
            return parseInt(flag, text);
        }
        if (t == Boolean.class) {
            switch (text.trim().toLowerCase(Locale.ROOT)) {
                case "true":
                case "yes":
                case "1":
                    return Boolean.TRUE;
                case "false":
                case "no":
                case "0":
                    return Boolean.FALSE;
                default:
                    throw new UsageException(flag + " expects true or false, got " + UserText.quote(text));
            }
        }
        if (t == String.class) {
            return text;
        }
        if (t == List.class) {
            List<Integer> values = new ArrayList<>();
            for (String part : text.split(",", -1)) {
                values.add(parseInt(flag, part));
            }
            return values;
        }
        if (t.isEnum()) {
            try {
                Method parse = t.getMethod("parse", String.class);
                return parse.invoke(null, text);
            } catch (NoSuchMethodException | IllegalAccessException e) {
                throw new IllegalStateException("Enum " + t.getName() + " has no public static parse(String)", e);
            } catch (InvocationTargetException e) {
                throw rethrow(e);
            }
        }
        throw new IllegalStateException("No parser for " + t.getName() + " (option " + flag + ")");
    }

    /** An integer flag value; a non-number or an overflow is reported as the text given. */
    static int parseInt(String flag, String text) {
        return UserText.parseInt(flag, text, Integer.MIN_VALUE, Integer.MAX_VALUE, UsageException::new);
    }

    private static RuntimeException rethrow(InvocationTargetException e) {
        Throwable cause = e.getCause();
        if (cause instanceof RuntimeException r) {
            return r;
        }
        return new IllegalStateException(cause);
    }

    private static Map<String, Option> derive() {
        Map<String, Option> map = new TreeMap<>();
        for (Method m : ChannelConfig.Builder.class.getDeclaredMethods()) {
            if (Modifier.isPublic(m.getModifiers()) && !Modifier.isStatic(m.getModifiers())
                    && m.getParameterCount() == 1 && m.getReturnType() == ChannelConfig.Builder.class) {
                String flag = kebab(m.getName());
                map.put(flag, new Option(flag, m));
            }
        }
        return Collections.unmodifiableMap(map);
    }
}
