package io.seedance.streams.simulator;

import java.net.URI;
import java.time.Instant;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One generation task of the simulated upstream. Its whole future is decided at creation (when it
 * starts running, when it finishes, whether it fails), so its status at any instant is a pure
 * function of the clock.
 */
final class SimulatedTask {

    enum Phase {
        QUEUED,
        RUNNING,
        SUCCEEDED,
        FAILED
    }

    final String id;
    final String apiKey;
    final Instant createdAt;
    final Instant runningAt;
    final Instant finishedAt;
    /** The {@code status_reason.message} it fails with; null when it succeeds. */
    final String failureReason;

    final int durationSeconds;
    private final double pricePerSecond;
    final Optional<URI> callbackUrl;
    final AtomicInteger queries = new AtomicInteger();

    SimulatedTask(
            final String id,
            final String apiKey,
            final Instant createdAt,
            final Instant runningAt,
            final Instant finishedAt,
            final String failureReason,
            final int durationSeconds,
            final double pricePerSecond,
            final Optional<URI> callbackUrl) {
        this.id = id;
        this.apiKey = apiKey;
        this.createdAt = createdAt;
        this.runningAt = runningAt;
        this.finishedAt = finishedAt;
        this.failureReason = failureReason;
        this.durationSeconds = durationSeconds;
        this.pricePerSecond = pricePerSecond;
        this.callbackUrl = callbackUrl;
    }

    Phase phaseAt(final Instant now) {
        if (now.isBefore(runningAt)) {
            return Phase.QUEUED;
        }
        if (now.isBefore(finishedAt)) {
            return Phase.RUNNING;
        }
        return failureReason != null ? Phase.FAILED : Phase.SUCCEEDED;
    }

    boolean finishedAt(final Instant now) {
        return !now.isBefore(finishedAt);
    }

    /** Credits charged: the configured price per second of video, in the upstream's six-decimal spelling. */
    String consumed() {
        return String.format(Locale.ROOT, "%.6f", durationSeconds * pricePerSecond);
    }
}
