package io.seedance.streams.topology;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.seedance.streams.schemas.Priority;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * What an operator sees of each priority level: its queue, its submissions and how long its
 * requests waited for them. Tagged {@code level} with one of three values, so cardinality is fixed.
 * The seats each level holds are the gate's ({@code seedance_level_seats_in_use}).
 */
public final class LevelMetrics {

    private final AtomicIntegerArray queued = new AtomicIntegerArray(Priority.values().length);
    /** Kept here, not in a Micrometer counter: a composite registry records nothing until a registry joins it. */
    private final AtomicLongArray submissions = new AtomicLongArray(Priority.values().length);

    private final Map<Priority, Timer> waits = new EnumMap<>(Priority.class);

    LevelMetrics(final MeterRegistry meters) {
        for (final Priority level : Priority.values()) {
            final String tag = tag(level);
            Gauge.builder("seedance.level.queued", queued, q -> q.get(level.ordinal()))
                    .description("Requests of this level queued in this instance's stores")
                    .tag("level", tag)
                    .register(meters);
            FunctionCounter.builder("seedance.level.submissions", submissions, s -> s.get(level.ordinal()))
                    .description("Generate calls granted to requests of this level")
                    .tag("level", tag)
                    .register(meters);
            waits.put(
                    level,
                    Timer.builder("seedance.level.wait")
                            .description("From receipt to submission, for requests of this level")
                            .tag("level", tag)
                            .publishPercentileHistogram()
                            .minimumExpectedValue(Duration.ofMillis(50))
                            .maximumExpectedValue(Duration.ofHours(6))
                            .register(meters));
        }
    }

    /** The tag value of a level: its name in lower case. */
    public static String tag(final Priority level) {
        return level.name().toLowerCase(Locale.ROOT);
    }

    /** Requests of this instance queued at {@code level}. */
    public int queued(final Priority level) {
        return queued.get(level.ordinal());
    }

    void queuedChanged(final Priority level, final int delta) {
        queued.addAndGet(level.ordinal(), delta);
    }

    /** A request of {@code level} got its submission permit after waiting {@code waitMillis} since receipt. */
    void submitted(final Priority level, final long waitMillis) {
        submissions.incrementAndGet(level.ordinal());
        waits.get(level).record(Math.max(0, waitMillis), TimeUnit.MILLISECONDS);
    }

    /** Submissions granted to {@code level} so far. */
    public long submissions(final Priority level) {
        return submissions.get(level.ordinal());
    }
}
