package io.seedance.streams.simulator;

import io.github.bucket4j.Bucket;
import io.github.bucket4j.ConsumptionProbe;
import io.github.bucket4j.TimeMeter;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The upstream's per-key request rate, on the simulator's clock. How an upstream counts "R per
 * minute" is undocumented, so the simulator offers two readings ({@link RateWindow}): strict
 * one-second windows of R/60 (refilled whole at each window, nothing carried over), or at most R in
 * any sixty seconds.
 */
final class KeyLimits {

    private interface Limit {
        /** Empty when the call may go; otherwise how long until one may. */
        Optional<Duration> tryAcquire();
    }

    private final TimeMeter clock;
    private final Map<String, Limit> limits = new ConcurrentHashMap<>();

    KeyLimits(final TimeMeter clock) {
        this.clock = clock;
    }

    /**
     * Takes one permit for {@code key} on {@code endpoint}; when none is left, returns how long
     * until the next one (the {@code Retry-After}).
     */
    Optional<Duration> tryAcquire(
            final String key, final String endpoint, final int perMinute, final RateWindow window) {
        if (perMinute <= 0) {
            return Optional.empty();
        }
        return limits.computeIfAbsent(
                        key + " " + endpoint + " " + perMinute + " " + window,
                        name -> window == RateWindow.MINUTE ? new SlidingMinute(perMinute) : perSecond(perMinute))
                .tryAcquire();
    }

    /** R/60 a second (rounded up, over a period stretched to keep R a minute), refilled in whole periods. */
    private Limit perSecond(final int perMinute) {
        final int perPeriod = (perMinute + 59) / 60;
        final Duration period = Duration.ofNanos(Duration.ofMinutes(1).toNanos() * perPeriod / perMinute);
        final Bucket bucket = Bucket.builder()
                .withCustomTimePrecision(clock)
                .addLimit(limit -> limit.capacity(perPeriod).refillIntervally(perPeriod, period))
                .build();
        return () -> {
            final ConsumptionProbe probe = bucket.tryConsumeAndReturnRemaining(1);
            return probe.isConsumed()
                    ? Optional.empty()
                    : Optional.of(Duration.ofNanos(probe.getNanosToWaitForRefill()));
        };
    }

    /** At most {@code limit} calls in any sixty seconds: the times of the last {@code limit} calls, in a ring. */
    private final class SlidingMinute implements Limit {

        private static final long MINUTE = Duration.ofMinutes(1).toNanos();

        private final long[] acceptedAt;
        private int next;
        private int count;

        SlidingMinute(final int limit) {
            this.acceptedAt = new long[limit];
        }

        @Override
        public synchronized Optional<Duration> tryAcquire() {
            final long now = clock.currentTimeNanos();
            // The slot to reuse holds the call `limit` calls ago: this one may go once that is a minute old.
            if (count == acceptedAt.length && now - acceptedAt[next] < MINUTE) {
                return Optional.of(Duration.ofNanos(acceptedAt[next] + MINUTE - now));
            }
            acceptedAt[next] = now;
            next = (next + 1) % acceptedAt.length;
            count = Math.min(acceptedAt.length, count + 1);
            return Optional.empty();
        }
    }
}
