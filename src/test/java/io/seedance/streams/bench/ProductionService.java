package io.seedance.streams.bench;

import io.seedance.streams.app.SeedanceService;
import io.seedance.streams.app.ServiceConfig;
import io.seedance.streams.app.ServiceRunner;
import io.seedance.streams.seedance.SeedanceApi;
import io.seedance.streams.testing.RunEnvironment;
import io.seedance.streams.topology.Topics;
import java.io.IOException;
import java.nio.file.Files;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

/**
 * The service as {@code run} starts it: configured from environment variables, with its HTTP
 * endpoint (and so its webhook receiver). Every setting not given keeps its documented default, so
 * what this measures is what a user gets.
 */
final class ProductionService implements Contender {

    private final SeedanceService service;

    private ProductionService(final SeedanceService service) {
        this.service = service;
    }

    /** With these environment variables on top of the connection settings. */
    static Contender.Factory factory(final String name, final Map<String, String> settings) {
        return new Contender.Factory() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public Contender start(final String bootstrapServers, final String registryUrl, final Topics topics,
                    final SeedanceApi api, final Workload workload) {
                final int httpPort = RunEnvironment.freePort();
                final Map<String, String> env = new HashMap<>(settings);
                env.put("KAFKA_BOOTSTRAP_SERVERS", bootstrapServers);
                env.put("SCHEMA_REGISTRY_URL", registryUrl);
                env.put("SEEDANCE_API_KEY", Arena.API_KEY);
                env.put("APPLICATION_ID", "bench-" + UUID.randomUUID().toString().substring(0, 8));
                env.put("TOPICS_REQUESTS", topics.requests());
                env.put("TOPICS_COMPLETED", topics.completed());
                env.put("TOPICS_FAILED", topics.failed());
                env.put("TOPICS_DLQ", topics.deadLetters());
                env.put("TOPICS_CALLBACKS", topics.callbacks());
                env.put("TOPICS_PARTITIONS", Integer.toString(Arena.PARTITIONS));
                env.put("ADVERTISED_HOST", "127.0.0.1");
                env.put("HTTP_PORT", Integer.toString(httpPort));
                env.put("UPSTREAM_SUBMITS_PER_MINUTE", Integer.toString(workload.perMinute()));
                env.replaceAll((key, value) -> value.replace("${HTTP_PORT}", Integer.toString(httpPort)));
                try {
                    env.put("STATE_DIR", Files.createTempDirectory("seedance-bench-").toString());
                    return new ProductionService(ServiceRunner.start(ServiceConfig.load(env, Map.of()), api));
                } catch (final IOException e) {
                    throw new IllegalStateException(e);
                } catch (final InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException(e);
                }
            }
        };
    }

    SeedanceService service() {
        return service;
    }

    @Override
    public void close() {
        service.close(Duration.ofSeconds(30));
    }
}
