package io.seedance.streams.bench;

import io.github.resilience4j.ratelimiter.RateLimiterConfig;
import java.time.Duration;

/**
 * A rate of N calls per minute as a Resilience4j rate limiter that refills about once a second:
 * exact over a minute, with a burst of about one second's worth, and never waiting for a permit
 * (a caller that gets none is told so at once).
 */
final class PerMinuteRate {

    private PerMinuteRate() {}

    static RateLimiterConfig config(final int perMinute) {
        if (perMinute < 1) {
            throw new IllegalArgumentException("a rate must be at least 1 per minute, got " + perMinute);
        }
        final int perPeriod = (perMinute + 59) / 60;
        final long periodNanos = Duration.ofMinutes(1).toNanos() * perPeriod / perMinute;
        return RateLimiterConfig.custom()
                .limitForPeriod(perPeriod)
                .limitRefreshPeriod(Duration.ofNanos(periodNanos))
                .timeoutDuration(Duration.ZERO)
                .build();
    }
}
