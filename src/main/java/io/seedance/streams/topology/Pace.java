package io.seedance.streams.topology;

import io.github.bucket4j.Bucket;
import io.github.bucket4j.BucketConfiguration;
import io.github.bucket4j.TimeMeter;
import io.github.bucket4j.TokensInheritanceStrategy;
import java.time.Duration;

/**
 * A per-minute rate of upstream calls, handed out evenly: a token bucket (Bucket4j) that refills
 * continuously and holds at most two sweeps' worth, so that no sixty seconds ever see more than
 * the rate. Each sweep takes what accrued since the last, so calls leave in small, regular
 * batches; a sweep that comes late still finds what it missed. A change of rate (an instance
 * joined or left) keeps the tokens the bucket holds: a fresh, full bucket at each rebalance would
 * be a burst above the limit.
 *
 * <p>Why a token bucket and not Resilience4j's rate limiter: see docs/design.md ("The pace").
 */
final class Pace {

    private final Duration sweepInterval;
    private final Bucket bucket;

    /** A pace of {@code perMinute} on {@code clock} (Bucket4j's; a test clock in unit tests). */
    Pace(final int perMinute, final Duration sweepInterval, final TimeMeter clock) {
        this.sweepInterval = sweepInterval;
        this.bucket = Bucket.builder()
                .withCustomTimePrecision(clock)
                .addLimit(configuration(perMinute).getBandwidths()[0])
                .build();
    }

    /** From now on, {@code perMinute}; the tokens already held stay (cut to the new capacity). */
    void changeRate(final int perMinute) {
        bucket.replaceConfiguration(configuration(perMinute), TokensInheritanceStrategy.AS_IS);
    }

    private BucketConfiguration configuration(final int perMinute) {
        if (perMinute < 1) {
            throw new IllegalArgumentException("a rate must be at least 1 per minute, got " + perMinute);
        }
        // At least two: with room for one token only, what accrues between a token and the next
        // sweep is lost (60 a minute swept every 200 ms gave 50 a minute on a test clock).
        final long capacity = Math.max(2, Math.round(perMinute * 2.0 * sweepInterval.toMillis() / 60_000));
        // A bucket lets through at most capacity + rate x T in any span T: refilling R - capacity a
        // minute keeps every minute at or under R, so the upstream never sees the burst as excess.
        final long refill = Math.max(1, perMinute - capacity);
        return BucketConfiguration.builder()
                .addLimit(limit -> limit.capacity(capacity).refillGreedy(refill, Duration.ofMinutes(1)))
                .build();
    }

    /** One call's permit now, or false (never waits). */
    boolean tryTake() {
        return bucket.tryConsume(1);
    }

    long available() {
        return bucket.getAvailableTokens();
    }
}
