package io.seedance.streams.simulator;

import io.github.resilience4j.ratelimiter.internal.AtomicRateLimiter;
import io.seedance.streams.seedance.PerMinuteRate;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** The upstream's per-key request rate, enforced with Resilience4j rate limiters. */
final class KeyLimits {

    private final Map<String, AtomicRateLimiter> limiters = new ConcurrentHashMap<>();

    /**
     * Takes one permit for {@code key} on {@code endpoint}; when none is left, returns how long
     * until the next one (the {@code Retry-After}).
     */
    Optional<Duration> tryAcquire(final String key, final String endpoint, final int perMinute) {
        if (perMinute <= 0) {
            return Optional.empty();
        }
        final AtomicRateLimiter limiter = limiters.computeIfAbsent(key + " " + endpoint + " " + perMinute,
                name -> new AtomicRateLimiter(name, PerMinuteRate.config(perMinute)));
        if (limiter.acquirePermission()) {
            return Optional.empty();
        }
        return Optional.of(Duration.ofNanos(Math.max(0, limiter.getDetailedMetrics().getNanosToWait())));
    }
}
