package io.seedance.streams.testing;

import io.github.bucket4j.TimeMeter;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A clock that moves only when a test says so: a {@link Clock} for the service's code and a
 * Bucket4j {@link TimeMeter} for its paces, both reading the same time, so tests run real rates
 * without waiting for them.
 */
public final class TestClock extends Clock implements TimeMeter {

    private final Instant start;
    /** Since {@link #start}: Bucket4j's arithmetic on nanoseconds since 1970 would overflow. */
    private final AtomicLong elapsedNanos = new AtomicLong();

    public TestClock(final Instant start) {
        this.start = start;
    }

    public TestClock() {
        this(Instant.parse("2026-12-01T00:00:00Z"));
    }

    public void advance(final Duration by) {
        elapsedNanos.addAndGet(by.toNanos());
    }

    @Override
    public long currentTimeNanos() {
        return elapsedNanos.get();
    }

    @Override
    public boolean isWallClockBased() {
        return false;
    }

    @Override
    public Instant instant() {
        return start.plusNanos(elapsedNanos.get());
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(final ZoneId zone) {
        return this;
    }
}
