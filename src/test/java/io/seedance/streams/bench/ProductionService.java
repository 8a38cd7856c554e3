package io.seedance.streams.bench;

import io.seedance.streams.cli.ServiceRunner;
import io.seedance.streams.service.SeedanceService;
import io.seedance.streams.service.ServiceConfig;
import io.seedance.streams.testing.RunEnvironment;
import io.seedance.streams.topology.Topics;
import io.seedance.streams.upstream.SeedanceApi;
import java.time.Duration;
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
            public Contender start(
                    final String bootstrapServers,
                    final String registryUrl,
                    final Topics topics,
                    final SeedanceApi api,
                    final Workload workload) {
                final int httpPort = RunEnvironment.freePort();
                final Map<String, String> env = RunEnvironment.connection(
                        bootstrapServers,
                        registryUrl,
                        Arena.API_KEY,
                        "bench-" + UUID.randomUUID().toString().substring(0, 8),
                        topics,
                        Arena.PARTITIONS,
                        httpPort);
                env.put("UPSTREAM_SUBMITS_PER_MINUTE", Integer.toString(workload.perMinute()));
                settings.forEach(
                        (key, value) -> env.put(key, value.replace("${HTTP_PORT}", Integer.toString(httpPort))));
                env.put("STATE_DIR", RunEnvironment.newStateDir("seedance-bench-"));
                try {
                    return new ProductionService(ServiceRunner.start(ServiceConfig.load(env, Map.of()), api));
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
