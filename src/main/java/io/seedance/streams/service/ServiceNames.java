package io.seedance.streams.service;

import static io.seedance.streams.service.ConfigKeys.APPLICATION_ID;
import static io.seedance.streams.service.ConfigKeys.BOOTSTRAP_SERVERS;
import static io.seedance.streams.service.TopicKeys.*;

import io.seedance.streams.topology.Topics;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigValue;

/**
 * What a deployment is called on its cluster (the brokers, the application id, the topics), read
 * from the same keys as {@code run} without the rest: for commands that name its resources and
 * need none of its secrets, such as {@code acls}.
 */
public record ServiceNames(String bootstrapServers, String applicationId, Topics topics) {

    private static final List<ConfigKey<?>> KEYS = List.of(
            BOOTSTRAP_SERVERS,
            APPLICATION_ID,
            TOPIC_REQUESTS,
            TOPIC_COMPLETED,
            TOPIC_FAILED,
            TOPIC_DLQ,
            TOPIC_CALLBACKS,
            TOPIC_TENANTS,
            TOPIC_CANCELLATIONS,
            TOPIC_BUDGET_CLAIMS,
            TOPIC_BUDGET_DECISIONS,
            TOPIC_ALERTS);

    /** Reads {@code properties}, then the environment over it, as {@code run} does. */
    public static ServiceNames load(final Map<String, String> environment, final Map<String, String> properties) {
        final ConfigDef definition = new ConfigDef();
        KEYS.forEach(key -> key.defineIn(definition));
        final Map<String, String> raw =
                ConfigSources.read(environment, properties).raw();
        final List<String> problems = new ArrayList<>();
        for (final ConfigValue value : definition.validate(raw)) {
            for (final String message : value.errorMessages()) {
                problems.add(ServiceConfig.describe(value.name()) + ": " + message);
            }
        }
        if (!problems.isEmpty()) {
            throw new InvalidConfigurationException(problems);
        }
        final Map<String, Object> values = definition.parse(raw);
        return new ServiceNames(
                String.join(",", BOOTSTRAP_SERVERS.read(values)),
                APPLICATION_ID.read(values),
                TopicKeys.topics(values));
    }
}
