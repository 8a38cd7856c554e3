package io.seedance.streams.testing;

import io.seedance.streams.simulator.SeedanceSimulator;
import java.io.IOException;
import java.nio.file.Files;
import java.util.HashMap;
import java.util.Map;

/** The environment of a {@code run} child process against the test's broker, registry and simulator. */
public final class RunEnvironment {

    private RunEnvironment() {
    }

    public static int freePort() {
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (final IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Topics, application id and state directory are unique to {@code id}; polls are fast. */
    public static Map<String, String> of(final String bootstrapServers, final ApicurioRegistry registry,
            final SeedanceSimulator simulator, final String apiKey, final String id) {
        final Map<String, String> env = new HashMap<>();
        env.put("KAFKA_BOOTSTRAP_SERVERS", bootstrapServers);
        env.put("SCHEMA_REGISTRY_URL", registry.url());
        env.put("SEEDANCE_API_KEY", apiKey);
        env.put("SEEDANCE_BASE_URL", simulator.baseUrl().toString());
        env.put("APPLICATION_ID", "run-it-" + id);
        try {
            env.put("STATE_DIR", Files.createTempDirectory("run-it-").toString());
        } catch (final IOException e) {
            throw new IllegalStateException(e);
        }
        env.put("TOPICS_REQUESTS", "requests-" + id);
        env.put("TOPICS_COMPLETED", "completed-" + id);
        env.put("TOPICS_FAILED", "failed-" + id);
        env.put("TOPICS_DLQ", "dlq-" + id);
        env.put("TOPICS_CALLBACKS", "callbacks-" + id);
        env.put("TOPICS_PARTITIONS", "2");
        env.put("POLL_FIRST_DELAY", "300ms");
        env.put("POLL_INTERVAL", "300ms");
        env.put("KAFKA_COMMIT_INTERVAL_MS", "100");
        env.put("ADVERTISED_HOST", "127.0.0.1");
        env.put("HTTP_PORT", Integer.toString(freePort()));
        return env;
    }
}
