package io.seedance.streams.cli;

import io.seedance.streams.ops.CallbackReceiver;
import io.seedance.streams.ops.OperationsServer;
import io.seedance.streams.serde.AvroSerdeConfig;
import io.seedance.streams.serde.SchemaRegistryClients;
import io.seedance.streams.service.SeedanceService;
import io.seedance.streams.service.ServiceConfig;
import io.seedance.streams.service.ShutdownSignal;
import io.seedance.streams.service.TopicSetup;
import io.seedance.streams.storage.VideoCopier;
import io.seedance.streams.upstream.SeedanceApi;
import java.io.IOException;
import java.time.Duration;
import java.util.Optional;
import org.apache.kafka.streams.KafkaStreams;

/**
 * Starts a service instance from a validated configuration: topics first, then Kafka Streams.
 * {@code run} and {@code demo} both come through here, so the demo is wired exactly as production.
 */
public final class ServiceRunner {

    private ServiceRunner() {}

    public static SeedanceService start(final ServiceConfig config, final SeedanceApi api) throws InterruptedException {
        TopicSetup.ensure(config);
        final Optional<VideoCopier> copier = config.videoCopier();
        if (copier.isPresent()) {
            try {
                copier.get().store().check();
            } catch (final IOException e) {
                copier.get().close();
                throw new IllegalStateException("The video store (STORAGE_TYPE) is not usable: " + e.getMessage(), e);
            }
        }
        final SeedanceService service = new SeedanceService(config.serviceSettings(), api, copier);
        service.start();
        try {
            final Optional<CallbackReceiver> callbacks = config.processor()
                    .callbacks()
                    .map(signer -> new CallbackReceiver(
                            signer,
                            config.topics().callbacks(),
                            config.webhookMaxBodyBytes(),
                            service.metrics(),
                            config.bootstrapServers(),
                            config.kafkaSettings()));
            service.closeWith(OperationsServer.start(
                    service,
                    SchemaRegistryClients.forConfig(new AvroSerdeConfig(config.serdeConfig())),
                    config.httpPort(),
                    callbacks));
        } catch (final IOException e) {
            service.close(Duration.ofSeconds(10));
            throw new IllegalStateException(
                    "Cannot open the HTTP endpoint on port " + config.httpPort() + ": " + e.getMessage(), e);
        }
        return service;
    }

    /** Waits until the instance stops by itself (an error) or a stop is requested; then closes it. */
    static int runUntilStopped(final SeedanceService service, final ShutdownSignal stop, final Duration closeTimeout)
            throws InterruptedException {
        while (!stop.awaitRequest(Duration.ofMillis(500))) {
            final KafkaStreams.State state = service.state();
            if (state == KafkaStreams.State.ERROR || state == KafkaStreams.State.NOT_RUNNING) {
                service.close(closeTimeout);
                return service.refusedByKafka() ? Main.EXIT_CONFIG : 1;
            }
        }
        return service.close(closeTimeout) ? 0 : 1;
    }
}
