package io.seedance.streams.topology;

import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;

/**
 * What the processor counts. Plain counters here; the operations endpoint publishes them.
 */
public final class ProcessorMetrics {

    /** The events counted. */
    public enum Counter {
        REQUESTS_ACCEPTED,
        REQUESTS_DUPLICATE,
        REQUESTS_INVALID,
        SUBMISSIONS_ACCEPTED,
        SUBMISSIONS_REJECTED,
        SUBMISSIONS_FAILED_TRANSIENT,
        QUERIES,
        QUERIES_FAILED_TRANSIENT,
        UNKNOWN_STATUS,
        RATE_LIMITED,
        UNAUTHORIZED,
        COMPLETED,
        FAILED,
        OUTCOME_UNKNOWN_RESUBMITTED,
        OUTCOME_UNKNOWN_FAILED
    }

    private final Map<Counter, LongAdder> counters = new EnumMap<>(Counter.class);

    public ProcessorMetrics() {
        for (final Counter counter : Counter.values()) {
            counters.put(counter, new LongAdder());
        }
    }

    void increment(final Counter counter) {
        counters.get(counter).increment();
    }

    public long count(final Counter counter) {
        return counters.get(counter).sum();
    }
}
