package io.seedance.streams.bench;

import io.seedance.streams.service.SeedanceService;
import io.seedance.streams.service.StoreMemoryBudget;
import io.seedance.streams.storage.VideoCopier;
import io.seedance.streams.testing.RunEnvironment;
import io.seedance.streams.topology.ProcessorConfig;
import io.seedance.streams.topology.Topics;
import io.seedance.streams.upstream.SeedanceApi;
import java.io.IOException;
import java.nio.file.Files;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;
import java.util.function.Supplier;

/** seedance-streams itself: the real service (exactly-once, its own stores), as {@code run} starts it. */
final class OurService implements Contender {

    private final SeedanceService service;

    private OurService(final SeedanceService service) {
        this.service = service;
    }

    /** The service with a processor configuration made for each workload. */
    static Contender.Factory factory(final Function<Workload, ProcessorConfig> config) {
        return factory(config, Optional::empty);
    }

    /** The same, copying each video with the copier {@code copier} makes (storage on), when it makes one. */
    static Contender.Factory factory(
            final Function<Workload, ProcessorConfig> config, final Supplier<Optional<VideoCopier>> copier) {
        return new Contender.Factory() {
            @Override
            public String name() {
                return "seedance-streams";
            }

            @Override
            public Contender start(
                    final String bootstrapServers,
                    final String registryUrl,
                    final Topics topics,
                    final SeedanceApi api,
                    final Workload workload) {
                try {
                    final SeedanceService service = new SeedanceService(
                            new SeedanceService.Settings(
                                    "bench-" + UUID.randomUUID().toString().substring(0, 8),
                                    bootstrapServers,
                                    "127.0.0.1:" + RunEnvironment.freePort(),
                                    Files.createTempDirectory("seedance-bench-"),
                                    StoreMemoryBudget.DEFAULT_BUDGET_BYTES,
                                    topics,
                                    Map.of("schema.registry.url", registryUrl),
                                    config.apply(workload),
                                    Map.of()),
                            api,
                            copier.get());
                    service.start();
                    return new OurService(service);
                } catch (final IOException e) {
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
