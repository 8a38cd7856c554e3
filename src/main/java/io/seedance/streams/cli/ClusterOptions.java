package io.seedance.streams.cli;

import io.seedance.streams.topology.Topics;
import java.util.HashMap;
import java.util.Map;
import picocli.CommandLine.Option;

/** Where {@code submit} and {@code watch} find the cluster, the registry and the topics: the service's own variables. */
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

    Map<String, Object> clientConfig() {
        final Map<String, Object> config = new HashMap<>();
        config.put("bootstrap.servers", bootstrapServers);
        config.put("schema.registry.url", schemaRegistryUrl);
        return config;
    }

    Topics topics() {
        return new Topics(
                requestsTopic, completedTopic, failedTopic, Topics.DEFAULT.deadLetters(), Topics.DEFAULT.callbacks());
    }
}
