package io.seedance.streams.topology;

import io.seedance.streams.schemas.Priority;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicIntegerArray;

/**
 * This instance's seats upstream (tasks submitted and not finished), held by priority level: its
 * share of the global bound, and each level's reserve, which no other level may take.
 *
 * <p>A level's reserve is its {@linkplain Levels#reservedSeats configured percentage}, raised to
 * follow the level's recent peak demand for seats (the seats it held, plus one while it had a
 * request ready and no seat free) up to twice that percentage. After Kubernetes APF, whose levels'
 * limits follow their seat demand: a seat is held for minutes and the lower levels' seats free in
 * waves when a flood took them together, so a level that needs a seat more than its configured
 * reserve would wait for the next wave. Keeping the seats it has shown it needs free for it makes
 * them ready when its next request comes. The raise is bounded: together the reserves never exceed
 * the seats, and a level without a configured reserve never gets one. Thread-safe: every stream
 * thread takes and gives back.
 */
final class Seats {

    /** How long a level's peak demand keeps its reserve raised: longer than a generation takes. */
    static final Duration DEMAND_MEMORY = Duration.ofMinutes(5);

    private static final int LEVELS = Priority.values().length;

    private final Levels levels;
    private final AtomicIntegerArray byLevel = new AtomicIntegerArray(LEVELS);
    /** Each level's peak demand in the current half of {@link #DEMAND_MEMORY}, and in the half before. */
    private final AtomicIntegerArray peakNow = new AtomicIntegerArray(LEVELS);

    private final AtomicIntegerArray peakBefore = new AtomicIntegerArray(LEVELS);
    private volatile long halfStartedAt;
    /** The share, and each level's reserve and the most it may be raised to at it (see {@link #share(int)}). */
    private volatile Bounds bounds;

    private record Bounds(int share, int[] configured, int[] ceiling) {}

    Seats(final Levels levels) {
        this.levels = levels;
        share(1);
    }

    /**
     * This instance's share of the global bound on tasks in flight, and from it each level's reserve
     * and ceiling: a reserving level may be raised by at most its configured reserve again and its
     * part of the seats no level reserves, so that together the reserves never exceed the share.
     */
    void share(final int seats) {
        final int[] configured = new int[LEVELS];
        int unreserved = seats;
        int reserving = 0;
        for (final Priority level : Priority.values()) {
            configured[level.ordinal()] = levels.reservedSeats(level, seats);
            unreserved -= configured[level.ordinal()];
            reserving += configured[level.ordinal()] > 0 ? 1 : 0;
        }
        final int[] ceiling = new int[LEVELS];
        for (int i = 0; i < LEVELS; i++) {
            ceiling[i] = configured[i] == 0
                    ? 0
                    : configured[i] + Math.min(configured[i], Math.max(0, unreserved) / reserving);
        }
        bounds = new Bounds(seats, configured, ceiling);
    }

    int share() {
        return bounds.share();
    }

    /**
     * Takes a seat for {@code level} when one is free that no other level keeps in reserve. Taken
     * first and given back on refusal: several stream threads ask at once, and a check followed by
     * a separate increment would let them all pass.
     */
    boolean tryTake(final Priority level, final long now) {
        final int held = byLevel.incrementAndGet(level.ordinal());
        final int share = share();
        if (inUse() > share || share - inUse() < heldBackFrom(level)) {
            byLevel.decrementAndGet(level.ordinal());
            return false;
        }
        demand(level, held, now);
        return true;
    }

    /** {@code level} has a request ready and no seat free to it: its demand is one seat more than it holds. */
    void wanted(final Priority level, final long now) {
        turnHalf(now);
        if (freeTo(level) == 0) {
            demand(level, byLevel.get(level.ordinal()) + 1, now);
        }
    }

    /** A seat of {@code level} is free again. */
    void release(final Priority level) {
        byLevel.decrementAndGet(level.ordinal());
    }

    /** Seats found taken, by level (negative: given back), in a store this instance now owns or left. */
    void adopted(final int[] seats) {
        for (final Priority level : Priority.values()) {
            byLevel.addAndGet(level.ordinal(), seats[level.ordinal()]);
        }
    }

    /** Seats free to {@code level} now. */
    int freeTo(final Priority level) {
        return Math.max(0, share() - inUse() - heldBackFrom(level));
    }

    int inUse() {
        int total = 0;
        for (int i = 0; i < byLevel.length(); i++) {
            total += byLevel.get(i);
        }
        return total;
    }

    int inUse(final Priority level) {
        return byLevel.get(level.ordinal());
    }

    /** The seats only {@code level} may take now: its configured reserve, raised to its recent peak demand. */
    int reserved(final Priority level) {
        final Bounds now = bounds;
        final int i = level.ordinal();
        final int peak = Math.max(peakNow.get(i), peakBefore.get(i));
        return Math.min(Math.max(now.configured()[i], peak), now.ceiling()[i]);
    }

    /** Seats the other levels keep in reserve and do not use. */
    private int heldBackFrom(final Priority level) {
        int heldBack = 0;
        for (final Priority other : Priority.values()) {
            if (other != level) {
                heldBack += Math.max(0, reserved(other) - byLevel.get(other.ordinal()));
            }
        }
        return heldBack;
    }

    private void demand(final Priority level, final int seats, final long now) {
        turnHalf(now);
        peakNow.accumulateAndGet(level.ordinal(), seats, Math::max);
    }

    /** Every half of {@link #DEMAND_MEMORY}, the peaks of the half before are forgotten. */
    private void turnHalf(final long now) {
        final long half = DEMAND_MEMORY.toMillis() / 2;
        if (now - halfStartedAt < half) {
            return;
        }
        synchronized (this) {
            if (now - halfStartedAt < half) {
                return;
            }
            final boolean quietForAWhole = now - halfStartedAt >= 2 * half;
            for (int i = 0; i < LEVELS; i++) {
                peakBefore.set(i, quietForAWhole ? 0 : peakNow.get(i));
                peakNow.set(i, 0);
            }
            halfStartedAt = now;
        }
    }
}
