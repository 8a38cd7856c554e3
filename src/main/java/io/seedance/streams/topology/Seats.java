package io.seedance.streams.topology;

import io.seedance.streams.schemas.Priority;
import java.util.concurrent.atomic.AtomicIntegerArray;

/**
 * This instance's seats upstream (tasks submitted and not finished), held by priority level: its
 * share of the global bound, and each level's {@linkplain Levels#reservedSeats reserve}, which no
 * other level may take. Thread-safe: every stream thread takes and gives back.
 */
final class Seats {

    private final Levels levels;
    private final AtomicIntegerArray byLevel = new AtomicIntegerArray(Priority.values().length);
    private volatile int share = 1;

    Seats(final Levels levels) {
        this.levels = levels;
    }

    /** This instance's share of the global bound on tasks in flight. */
    void share(final int seats) {
        share = seats;
    }

    int share() {
        return share;
    }

    /**
     * Takes a seat for {@code level} when one is free that no other level keeps in reserve. Taken
     * first and given back on refusal: several stream threads ask at once, and a check followed by
     * a separate increment would let them all pass.
     */
    boolean tryTake(final Priority level) {
        byLevel.incrementAndGet(level.ordinal());
        if (inUse() > share || share - inUse() < heldBackFrom(level)) {
            byLevel.decrementAndGet(level.ordinal());
            return false;
        }
        return true;
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
        return Math.max(0, share - inUse() - heldBackFrom(level));
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

    /** Seats the other levels keep in reserve and do not use. */
    private int heldBackFrom(final Priority level) {
        int heldBack = 0;
        for (final Priority other : Priority.values()) {
            if (other != level) {
                heldBack += Math.max(0, levels.reservedSeats(other, share) - byLevel.get(other.ordinal()));
            }
        }
        return heldBack;
    }
}
