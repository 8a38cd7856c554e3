package io.seedance.streams.testing;

import io.seedance.streams.simulator.SeedanceSimulator;
import io.seedance.streams.topology.Topics;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.util.HashMap;
import java.util.Map;

/** The environment of a {@code run} child process against the test's broker, registry and simulator. */
public final class RunEnvironment {

    private RunEnvironment() {}

    public static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (final IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Topics, application id and state directory are unique to {@code id}; polls are fast. */
    public static Map<String, String> of(
            final String bootstrapServers,
            final ApicurioRegistry registry,
            final SeedanceSimulator simulator,
            final String apiKey,
            final String id) {
        final Map<String, String> env =
                connection(bootstrapServers, registry.url(), apiKey, "run-it-" + id, topics(id), 2, freePort());
        env.put("SEEDANCE_BASE_URL", simulator.baseUrl().toString());
        env.put("STATE_DIR", newStateDir("run-it-"));
        env.put("POLL_FIRST_DELAY", "300ms");
        env.put("POLL_INTERVAL", "300ms");
        env.put("KAFKA_COMMIT_INTERVAL_MS", "100");
        return env;
    }

    /** What every {@code run} needs to reach the test's broker and registry, on its own topics and port. */
    public static Map<String, String> connection(
            final String bootstrapServers,
            final String registryUrl,
            final String apiKey,
            final String applicationId,
            final Topics topics,
            final int partitions,
            final int httpPort) {
        final Map<String, String> env = new HashMap<>();
        env.put("KAFKA_BOOTSTRAP_SERVERS", bootstrapServers);
        env.put("SCHEMA_REGISTRY_URL", registryUrl);
        env.put("SEEDANCE_API_KEY", apiKey);
        env.put("APPLICATION_ID", applicationId);
        env.put("TOPICS_REQUESTS", topics.requests());
        env.put("TOPICS_COMPLETED", topics.completed());
        env.put("TOPICS_FAILED", topics.failed());
        env.put("TOPICS_DLQ", topics.deadLetters());
        env.put("TOPICS_CALLBACKS", topics.callbacks());
        env.put("TOPICS_TENANTS", topics.tenants());
        env.put("TOPICS_CANCELLATIONS", topics.cancellations());
        env.put("TOPICS_BUDGET_CLAIMS", topics.budgetClaims());
        env.put("TOPICS_BUDGET_DECISIONS", topics.budgetDecisions());
        env.put("TOPICS_ALERTS", topics.alerts());
        env.put("TOPICS_PARTITIONS", Integer.toString(partitions));
        env.put("ADVERTISED_HOST", "127.0.0.1");
        env.put("HTTP_PORT", Integer.toString(httpPort));
        return env;
    }

    /** Topics named {@code requests-<id>} and so on. */
    public static Topics topics(final String id) {
        return new Topics(
                "requests-" + id,
                "completed-" + id,
                "failed-" + id,
                "dlq-" + id,
                "callbacks-" + id,
                "tenants-" + id,
                "cancellations-" + id,
                "budget-claims-" + id,
                "budget-decisions-" + id,
                "alerts-" + id);
    }

    /** A new, empty state directory. */
    public static String newStateDir(final String prefix) {
        try {
            return Files.createTempDirectory(prefix).toString();
        } catch (final IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
