package io.seedance.streams.topology;

import io.github.resilience4j.core.IntervalFunction;
import java.util.Arrays;
import java.util.OptionalLong;

/**
 * When to query a task. It learns how long generations take from the tasks this instance saw
 * finish, and aims the first query of a new task there instead of at a fixed delay: with
 * generations of a minute, a fixed 10 s first query and a 1.5x backoff spend six queries a video,
 * an aimed one spends one or two. Until enough tasks have finished (and after a query that found
 * the task still running) it follows the configured backoff.
 *
 * <p>What it learns is an upper bound (a task is seen done at the query that finds it done), so
 * the estimate could only ever grow. One task in {@value #PROBE_EVERY} is therefore queried
 * earlier, at {@value #PROBE_SHARE} of the estimate: when generations get faster, those probes
 * find them done and bring the estimate down.
 *
 * <p>Shared by every processor of the instance (stream threads and partitions alike); thread-safe.
 */
final class PollPlanner {

    static final int WINDOW = 256;
    static final int MIN_SAMPLES = 16;
    static final int PROBE_EVERY = 8;
    static final double PROBE_SHARE = 0.75;
    /** The estimate is this quantile of the recent durations: most tasks are done by then. */
    static final double QUANTILE = 0.1;

    private final ProcessorConfig config;
    private final IntervalFunction backoff;
    private final long[] durations = new long[WINDOW];
    private int samples;
    private int next;
    private long planned;

    PollPlanner(final ProcessorConfig config) {
        this.config = config;
        this.backoff = IntervalFunction.ofExponentialRandomBackoff(
                config.pollInterval(), config.pollMultiplier(), config.pollJitter(), config.maxPollInterval());
    }

    /**
     * From acceptance to the first query. With webhooks the query is only a safety net for a lost
     * webhook, so it waits the (long) configured delay.
     */
    synchronized long firstPollDelay() {
        if (config.callbacks().isPresent()) {
            return config.firstPollDelayWithCallbacks().toMillis();
        }
        final long configured = config.firstPollDelay().toMillis();
        final OptionalLong typical = typicalDuration();
        if (typical.isEmpty()) {
            return configured;
        }
        final boolean probe = planned++ % PROBE_EVERY == 0;
        return Math.max(configured, Math.round(typical.getAsLong() * (probe ? PROBE_SHARE : 1.0)));
    }

    /** After a query found the task still running: the backoff, but not before a typical task is done. */
    synchronized long nextPollDelay(final Task task, final long now) {
        final long backoffDelay = backoff.apply(Math.max(1, task.queries()));
        final OptionalLong typical = typicalDuration();
        if (typical.isEmpty()
                || task.submittedAt() == null
                || config.callbacks().isPresent()) {
            return backoffDelay;
        }
        return Math.max(backoffDelay, task.submittedAt() + typical.getAsLong() - now);
    }

    /** A task accepted at {@code submittedAt} was seen done at {@code now}. */
    synchronized void finished(final long submittedAt, final long now) {
        durations[next] = Math.max(0, now - submittedAt);
        next = (next + 1) % WINDOW;
        samples = Math.min(WINDOW, samples + 1);
    }

    /** The learned generation time, once enough tasks finished. */
    synchronized OptionalLong typicalDuration() {
        if (samples < MIN_SAMPLES) {
            return OptionalLong.empty();
        }
        final long[] sorted = Arrays.copyOf(durations, samples);
        Arrays.sort(sorted);
        return OptionalLong.of(sorted[(int) Math.floor(QUANTILE * (samples - 1))]);
    }
}
