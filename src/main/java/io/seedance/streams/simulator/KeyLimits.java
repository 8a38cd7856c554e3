package io.seedance.streams.simulator;

import io.github.resilience4j.ratelimiter.RateLimiterConfig;
import io.github.resilience4j.ratelimiter.internal.AtomicRateLimiter;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The upstream's per-key request rate, enforced with Resilience4j rate limiters that refill about
 * once a second: exact over a minute, with a burst of about one second's worth.
 */
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
                name -> new AtomicRateLimiter(name, perMinuteConfig(perMinute)));
        if (limiter.acquirePermission()) {
            return Optional.empty();
        }
        return Optional.of(Duration.ofNanos(Math.max(0, limiter.getDetailedMetrics().getNanosToWait())));
    }

    static RateLimiterConfig perMinuteConfig(final int perMinute) {
        final int perPeriod = (perMinute + 59) / 60;
        final long periodNanos = Duration.ofMinutes(1).toNanos() * perPeriod / perMinute;
        return RateLimiterConfig.custom()
                .limitForPeriod(perPeriod)
                .limitRefreshPeriod(Duration.ofNanos(periodNanos))
                .timeoutDuration(Duration.ZERO)
                .build();
    }
}
