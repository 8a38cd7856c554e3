package io.seedance.streams.service;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;

/**
 * Where configuration comes from: a properties file and the environment over it. Key {@code a.b.c}
 * is variable {@code A_B_C}; a key's former name counts when its current name is not set; any other
 * {@code KAFKA_*} variable (or {@code kafka.*} property) is a Kafka client setting passed through
 * ({@code KAFKA_SECURITY_PROTOCOL} → {@code security.protocol}), as Kafka's own images do.
 */
public final class ConfigSources {

    /** Environment variables that start with KAFKA_ but belong to Kafka's scripts, not its clients. */
    private static final Set<String> NOT_CLIENT_SETTINGS = Set.of(
            "KAFKA_HEAP_OPTS",
            "KAFKA_OPTS",
            "KAFKA_JMX_OPTS",
            "KAFKA_LOG4J_OPTS",
            "KAFKA_JVM_PERFORMANCE_OPTS",
            "KAFKA_DEBUG",
            "KAFKA_GC_LOG_OPTS");

    /** The values of declared keys, as written, and the pass-through client settings. */
    record Read(Map<String, String> raw, Map<String, Object> kafka) {}

    private ConfigSources() {}

    /** {@code properties} (may be empty), then {@code environment} over it. */
    static Read read(final Map<String, String> environment, final Map<String, String> properties) {
        final Map<String, String> raw = new HashMap<>();
        final Map<String, String> former = new HashMap<>();
        final Map<String, Object> kafka = new LinkedHashMap<>();
        properties.forEach((key, value) -> take(key, value, raw, former, kafka));
        environment.forEach((name, value) -> {
            if (!NOT_CLIENT_SETTINGS.contains(name)) {
                take(name.toLowerCase(Locale.ROOT).replace('_', '.'), value, raw, former, kafka);
            }
        });
        former.forEach(raw::putIfAbsent);
        return new Read(raw, kafka);
    }

    /**
     * The Kafka client settings an environment passes through, exactly as {@code run} reads them:
     * for the other commands, so that they reach every cluster {@code run} reaches.
     */
    public static Map<String, Object> kafkaSettingsFrom(final Map<String, String> environment) {
        return read(environment, Map.of()).kafka();
    }

    /** A properties file's entries; a missing or unreadable file is a configuration error. */
    public static Map<String, String> readProperties(final Path file) {
        final Properties properties = new Properties();
        try (Reader reader = Files.newBufferedReader(file)) {
            properties.load(reader);
        } catch (final IOException e) {
            throw new InvalidConfigurationException(List.of("properties file " + file + ": cannot be read ("
                    + e.getClass().getSimpleName() + ")"));
        }
        final Map<String, String> entries = new HashMap<>();
        properties.stringPropertyNames().forEach(name -> entries.put(name, properties.getProperty(name)));
        return entries;
    }

    private static void take(
            final String key,
            final String value,
            final Map<String, String> raw,
            final Map<String, String> former,
            final Map<String, Object> kafka) {
        if (ServiceConfig.DEFINITION.names().contains(key)) {
            raw.put(key, value);
        } else if (ConfigKeys.FORMER_NAMES.containsKey(key)) {
            former.put(ConfigKeys.FORMER_NAMES.get(key).name(), value);
        } else if (key.startsWith("kafka.")) {
            kafka.put(key.substring("kafka.".length()), value);
        }
    }
}
