package io.seedance.streams.service;

/**
 * The Kafka cluster did not answer at start within {@code startup.timeout}: not a configuration
 * error (the same settings may work a minute later), so {@code run} exits 1, not 2.
 */
public final class KafkaUnavailableException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    KafkaUnavailableException(final String message, final Throwable cause) {
        super(message, cause);
    }
}
