package io.seedance.streams.serde;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.common.config.ConfigException;

/**
 * Builds the registry client a serde's configuration asks for, and shares one caching client
 * among every serde of the process with the same registry settings: Kafka Streams creates serdes
 * per task, and a schema should still cost one round trip per process, not one per task.
 */
public final class SchemaRegistryClients {

    private record Settings(
            List<String> urls, Optional<String> userInfo, long connectMs, long readMs, Optional<RegistryTrust> trust) {
        @Override
        public String toString() {
            return "Settings" + urls;
        }
    }

    private static final Map<Settings, SchemaRegistryClient> SHARED = new ConcurrentHashMap<>();

    private SchemaRegistryClients() {}

    /** The client for this configuration: in memory for {@code mock://<scope>}, REST otherwise. */
    public static SchemaRegistryClient forConfig(final AvroSerdeConfig config) {
        final List<String> urls = config.registryUrls();
        final String first = urls.get(0);
        if (first.startsWith(InMemorySchemaRegistry.URL_PREFIX)) {
            if (urls.size() > 1) {
                throw new ConfigException(
                        AvroSerdeConfig.SCHEMA_REGISTRY_URL, first, "a mock:// URL cannot be combined with other URLs");
            }
            return InMemorySchemaRegistry.forScope(first.substring(InMemorySchemaRegistry.URL_PREFIX.length()));
        }
        final Optional<String> userInfo = config.credentialsSource() == AvroSerdeConfig.CredentialsSource.USER_INFO
                ? config.userInfo()
                : Optional.empty();
        final Settings settings = new Settings(
                urls,
                userInfo,
                config.connectTimeout().toMillis(),
                config.readTimeout().toMillis(),
                config.trust());
        return SHARED.computeIfAbsent(settings, s -> {
            try {
                return new CachingSchemaRegistryClient(new RestSchemaRegistryClient(
                        urls, userInfo, config.connectTimeout(), config.readTimeout(), config.trust()));
            } catch (final IllegalArgumentException e) {
                throw new ConfigException(AvroSerdeConfig.SCHEMA_REGISTRY_URL + ": " + e.getMessage());
            }
        });
    }
}
