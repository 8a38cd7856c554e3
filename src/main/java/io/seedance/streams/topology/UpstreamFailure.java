package io.seedance.streams.topology;

/** The cause the upstream's circuit breaker records for a failed call: a message, no stack trace. */
final class UpstreamFailure extends RuntimeException {
    private static final long serialVersionUID = 1L;

    UpstreamFailure(final String message) {
        super(message, null, false, false);
    }
}
