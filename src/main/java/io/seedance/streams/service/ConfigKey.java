package io.seedance.streams.service;

import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.config.types.Password;

/**
 * One configuration key, declared once: its name (the environment variable follows from it:
 * {@code a.b.c} is {@code A_B_C}), its type, the typed default the code uses, the rule a value must
 * keep, and its documentation. Kafka's {@link ConfigDef}, the typed accessors of
 * {@link ServiceConfig} and the reference table of docs/configuration.md are all made from it.
 *
 * @param <T> the type the code reads
 */
public final class ConfigKey<T> {

    /** How a key is stored in Kafka's {@link ConfigDef}, and how its parsed value becomes a {@code T}. */
    record Kind<T>(Type type, Function<Object, T> read, Function<T, Object> write) {

        static final Kind<String> STRING = new Kind<>(Type.STRING, value -> (String) value, value -> value);
        static final Kind<Integer> INT = new Kind<>(Type.INT, value -> (Integer) value, value -> value);
        static final Kind<Short> SHORT = new Kind<>(Type.SHORT, value -> (Short) value, value -> value);
        static final Kind<Double> DOUBLE = new Kind<>(Type.DOUBLE, value -> (Double) value, value -> value);
        static final Kind<Boolean> BOOLEAN = new Kind<>(Type.BOOLEAN, value -> (Boolean) value, value -> value);
        static final Kind<Password> PASSWORD = new Kind<>(Type.PASSWORD, value -> (Password) value, value -> value);

        @SuppressWarnings("unchecked")
        static final Kind<List<String>> LIST = new Kind<>(
                Type.LIST,
                value -> ((List<String>) value).stream().map(String::trim).toList(),
                value -> String.join(",", value));

        static final Kind<Duration> DURATION =
                new Kind<>(Type.STRING, value -> Durations.parse((String) value), Durations::format);
    }

    private final String name;
    private final Kind<T> kind;
    private final T defaultValue;
    private final boolean required;
    private final String documentedDefault;
    private final ConfigDef.Validator rule;
    private final Importance importance;
    private final String documentation;

    private ConfigKey(
            final String name,
            final Kind<T> kind,
            final T defaultValue,
            final boolean required,
            final String documentedDefault,
            final ConfigDef.Validator rule,
            final Importance importance,
            final String documentation) {
        this.name = Objects.requireNonNull(name, "name");
        this.kind = kind;
        this.defaultValue = defaultValue;
        this.required = required;
        this.documentedDefault = documentedDefault;
        this.rule = rule;
        this.importance = importance;
        this.documentation = documentation;
    }

    /** A key with a default ({@code null}: unset means "off"). */
    static <T> ConfigKey<T> of(
            final String name,
            final Kind<T> kind,
            final T defaultValue,
            final ConfigDef.Validator rule,
            final Importance importance,
            final String documentation) {
        return new ConfigKey<>(name, kind, defaultValue, false, null, rule, importance, documentation);
    }

    /** A key that must be set. */
    static <T> ConfigKey<T> required(
            final String name,
            final Kind<T> kind,
            final ConfigDef.Validator rule,
            final Importance importance,
            final String documentation) {
        return new ConfigKey<>(name, kind, null, true, null, rule, importance, documentation);
    }

    /** The same key, its default described in words in the reference (a default that depends on the machine). */
    ConfigKey<T> documentedDefault(final String words) {
        return new ConfigKey<>(name, kind, defaultValue, required, words, rule, importance, documentation);
    }

    public String name() {
        return name;
    }

    /** The environment variable that sets this key. */
    public String environmentVariable() {
        return environmentVariable(name);
    }

    static String environmentVariable(final String key) {
        return key.toUpperCase(Locale.ROOT).replace('.', '_');
    }

    /** How people name it in messages: {@code name (ENV_NAME)}. */
    public String describe() {
        return name + " (" + environmentVariable() + ")";
    }

    String documentation() {
        return documentation;
    }

    /** The default as the reference table shows it. */
    String defaultText() {
        if (documentedDefault != null) {
            return documentedDefault;
        }
        if (required) {
            return "required";
        }
        return defaultValue == null ? "none" : "`" + kind.write().apply(defaultValue) + "`";
    }

    void defineIn(final ConfigDef definition) {
        final Object stored = required
                ? ConfigDef.NO_DEFAULT_VALUE
                : defaultValue == null ? null : kind.write().apply(defaultValue);
        final ConfigDef.Validator check = kind == Kind.DURATION ? durationThen(rule) : rule;
        definition.define(name, kind.type(), stored, check, importance, documentation);
    }

    /** This key's value from Kafka's parsed map (null when unset and without a default). */
    T read(final Map<String, Object> parsed) {
        final Object value = parsed.get(name);
        return value == null ? null : kind.read().apply(value);
    }

    /** A duration that does not read is reported as such before {@code then} looks at it. */
    private static ConfigDef.Validator durationThen(final ConfigDef.Validator then) {
        return (key, value) -> {
            if (value == null) {
                return;
            }
            final Duration parsed;
            try {
                parsed = Durations.parse((String) value);
            } catch (final IllegalArgumentException e) {
                throw new ConfigException(key, value, e.getMessage());
            }
            if (then != null) {
                then.ensureValid(key, parsed);
            }
        };
    }

    @Override
    public String toString() {
        return describe();
    }
}
