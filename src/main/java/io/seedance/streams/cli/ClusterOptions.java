package io.seedance.streams.cli;

import io.seedance.streams.serde.AvroSerdeConfig;
import io.seedance.streams.service.ConfigKey;
import io.seedance.streams.service.ConfigKeys;
import io.seedance.streams.service.ConfigSources;
import io.seedance.streams.service.RegistryKeys;
import io.seedance.streams.topology.Topics;
import java.util.HashMap;
import java.util.Map;
import picocli.CommandLine.Option;

/**
 * Where {@code submit}, {@code watch} and {@code tenants} find the cluster, the registry and the topics: the
 * service's own variables, its {@code KAFKA_*} pass-through and the registry's credentials, so that
 * they reach a secured cluster (and an https registry: {@code SCHEMA_REGISTRY_SSL_TRUSTSTORE_*}) exactly as
 * {@code run} does.
 */
final class ClusterOptions {

    @Option(
            names = "--bootstrap-servers",
            defaultValue = "${env:KAFKA_BOOTSTRAP_SERVERS:-localhost:9092}",
            description = "Kafka bootstrap servers (env KAFKA_BOOTSTRAP_SERVERS; default: localhost:9092).")
    String bootstrapServers;

    @Option(
            names = "--schema-registry-url",
            defaultValue = "${env:SCHEMA_REGISTRY_URL:-http://localhost:8081}",
            description = "Schema registry URL (env SCHEMA_REGISTRY_URL; default: http://localhost:8081).")
    String schemaRegistryUrl;

    @Option(
            names = "--requests-topic",
            defaultValue = "${env:TOPICS_REQUESTS:-video-requests}",
            description = "Requests topic (env TOPICS_REQUESTS; default: video-requests).")
    String requestsTopic;

    @Option(
            names = "--completed-topic",
            defaultValue = "${env:TOPICS_COMPLETED:-video-completed}",
            description = "Completed topic (env TOPICS_COMPLETED; default: video-completed).")
    String completedTopic;

    @Option(
            names = "--failed-topic",
            defaultValue = "${env:TOPICS_FAILED:-video-failed}",
            description = "Failed topic (env TOPICS_FAILED; default: video-failed).")
    String failedTopic;

    @Option(
            names = "--tenants-topic",
            defaultValue = "${env:TOPICS_TENANTS:-seedance-tenants}",
            description = "Tenant policy topic (env TOPICS_TENANTS; default: seedance-tenants).")
    String tenantsTopic;

    @Option(
            names = "--cancellations-topic",
            defaultValue = "${env:TOPICS_CANCELLATIONS:-video-cancellations}",
            description = "Cancellations topic (env TOPICS_CANCELLATIONS; default: video-cancellations).")
    String cancellationsTopic;

    @Option(
            names = "--application-id",
            defaultValue = "${env:APPLICATION_ID:-seedance-streams}",
            description = "The service's application id, whose budget ledgers tenants list reads"
                    + " (env APPLICATION_ID; default: seedance-streams).")
    String applicationId;

    /** The environment; replaced in tests. */
    Map<String, String> environment = System.getenv();

    /**
     * A client's configuration: the cluster and registry above, the {@code KAFKA_*} pass-through
     * and the registry's credentials, read from the environment as {@code run} reads them.
     */
    Map<String, Object> clientConfig() {
        final Map<String, Object> config = new HashMap<>(ConfigSources.kafkaSettingsFrom(environment));
        config.put("bootstrap.servers", bootstrapServers);
        config.put(AvroSerdeConfig.SCHEMA_REGISTRY_URL, schemaRegistryUrl);
        final String userInfo = environment.get(ConfigKeys.SCHEMA_REGISTRY_USER_INFO.environmentVariable());
        if (userInfo != null && !userInfo.isBlank()) {
            config.put(AvroSerdeConfig.BASIC_AUTH_CREDENTIALS_SOURCE, "USER_INFO");
            config.put(AvroSerdeConfig.BASIC_AUTH_USER_INFO, userInfo);
        }
        for (final ConfigKey<?> trust : RegistryKeys.ALL) {
            final String value = environment.get(trust.environmentVariable());
            if (value != null && !value.isBlank()) {
                config.put(trust.name(), value);
            }
        }
        return config;
    }

    Topics topics() {
        return new Topics(
                requestsTopic,
                completedTopic,
                failedTopic,
                Topics.DEFAULT.deadLetters(),
                Topics.DEFAULT.callbacks(),
                tenantsTopic,
                cancellationsTopic,
                Topics.DEFAULT.budgetClaims(),
                Topics.DEFAULT.budgetDecisions(),
                Topics.DEFAULT.alerts());
    }
}
