package io.seedance.streams.service;

import io.seedance.streams.serde.RegistryUnavailableException;
import java.time.Duration;
import java.util.Optional;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a stream thread's failure does to the instance. An unavailable registry is waited out (the
 * data is fine); a refusal by Kafka (an ACL, credentials, a protocol the cluster lacks) is
 * configuration, said in one line, and stops the instance; anything else stops it with its trace.
 */
final class StreamThreadFailures implements StreamsUncaughtExceptionHandler {

    private static final Logger LOG = LoggerFactory.getLogger(SeedanceService.class);

    /** How long a stream thread waits before it is replaced after the registry was unavailable. */
    static final Duration REGISTRY_RETRY = Duration.ofSeconds(3);

    private final String bootstrapServers;
    private volatile boolean refusedByKafka;

    StreamThreadFailures(final String bootstrapServers) {
        this.bootstrapServers = bootstrapServers;
    }

    @Override
    public StreamThreadExceptionResponse handle(final Throwable exception) {
        if (RegistryUnavailableException.isCauseOf(exception)) {
            // Nothing is wrong with the data: wait a little, then a new thread resumes from the
            // last commit (under exactly-once, the failed transaction is aborted).
            LOG.warn("The schema registry is unavailable; replacing the stream thread in {}", REGISTRY_RETRY);
            try {
                Thread.sleep(REGISTRY_RETRY.toMillis());
            } catch (final InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return StreamThreadExceptionResponse.REPLACE_THREAD;
        }
        final Optional<String> refused = KafkaFailures.explain(exception, bootstrapServers);
        if (refused.isPresent()) {
            refusedByKafka = true;
            LOG.error("A stream thread stopped: {}; shutting this instance down", refused.get());
        } else {
            LOG.error("A stream thread died; shutting this instance down", exception);
        }
        return StreamThreadExceptionResponse.SHUTDOWN_CLIENT;
    }

    /** True once a stream thread stopped because Kafka refused the service. */
    boolean refusedByKafka() {
        return refusedByKafka;
    }
}
