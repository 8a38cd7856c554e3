package io.seedance.streams.service;

import static io.seedance.streams.service.ConfigKeys.APPLICATION_ID;
import static io.seedance.streams.service.ConfigKeys.BOOTSTRAP_SERVERS;

import io.seedance.streams.topology.Topics;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.config.ConfigDef;

/**
 * What a deployment is called on its cluster (the brokers, the application id, the topics), read
 * from the same keys as {@code run} without the rest: for commands that name its resources and
 * need none of its secrets, such as {@code acls}.
 */
public record ServiceNames(String bootstrapServers, String applicationId, Topics topics) {

    private static final ConfigDef DEFINITION = new ConfigDef();

    static {
        BOOTSTRAP_SERVERS.defineIn(DEFINITION);
        APPLICATION_ID.defineIn(DEFINITION);
        TopicKeys.NAMES.forEach(key -> key.defineIn(DEFINITION));
    }

    /** Reads {@code properties}, then the environment over it, as {@code run} does. */
    public static ServiceNames load(final Map<String, String> environment, final Map<String, String> properties) {
        final Map<String, String> raw =
                ConfigSources.read(environment, properties).raw();
        final List<String> problems = ServiceConfig.problems(DEFINITION, raw);
        if (!problems.isEmpty()) {
            throw new InvalidConfigurationException(problems);
        }
        final Map<String, Object> values = DEFINITION.parse(raw);
        return new ServiceNames(
                String.join(",", BOOTSTRAP_SERVERS.read(values)),
                APPLICATION_ID.read(values),
                TopicKeys.topics(values));
    }
}
