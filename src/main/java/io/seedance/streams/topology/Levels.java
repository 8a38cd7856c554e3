package io.seedance.streams.topology;

import io.seedance.streams.schemas.Priority;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * How the priority levels share the upstream (after Kubernetes API Priority and Fairness, applied
 * to both of the upstream's limits):
 *
 * <ul>
 *   <li>a level's <b>share</b> is its weight in the fair order of submissions while more than one
 *       level is waiting: every waiting level gets at least its share, so no level starves behind
 *       a higher one (the minimum share, not aging, is how starvation is ruled out); a level with
 *       nothing waiting lends its share to the others at once, because a permit unused now is lost;
 *   <li>a level's <b>reserved seats</b> are a percentage of the upstream's seats (tasks unfinished
 *       upstream) that no other level may take: a seat is held for minutes, so the only way to
 *       have one ready for an interactive request is to keep it free.
 * </ul>
 *
 * <p>A request without a priority is {@link Priority#STANDARD}. The levels rank in the order the
 * enum declares them: on equal standing the higher level goes first.
 *
 * @param shares        each level's weight in the fair order of submissions (at least 1)
 * @param reservedSeats each level's percentage of the seats that only it may take (together at most 100)
 */
public record Levels(Map<Priority, Integer> shares, Map<Priority, Integer> reservedSeats) {

    /** INTERACTIVE 20, STANDARD 50, BATCH 30; INTERACTIVE keeps 20% of the seats for itself. */
    public static Levels defaults() {
        return new Levels(
                Map.of(Priority.INTERACTIVE, 20, Priority.STANDARD, 50, Priority.BATCH, 30),
                Map.of(Priority.INTERACTIVE, 20, Priority.STANDARD, 0, Priority.BATCH, 0));
    }

    public Levels {
        final List<String> problems = new ArrayList<>();
        int reservedTotal = 0;
        for (final Priority level : Priority.values()) {
            final Integer share = shares.get(level);
            if (share == null || share < 1) {
                problems.add("the share of " + level + " must be at least 1, got " + share);
            }
            final Integer reserved = reservedSeats.get(level);
            if (reserved == null || reserved < 0 || reserved > 100) {
                problems.add("the reserved seats of " + level + " must be a percentage from 0 to 100, got " + reserved);
            } else {
                reservedTotal += reserved;
            }
        }
        if (reservedTotal > 100) {
            problems.add("the levels' reserved seats add up to " + reservedTotal + "%, more than 100%");
        }
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException(String.join("; ", problems));
        }
        shares = new EnumMap<>(shares);
        reservedSeats = new EnumMap<>(reservedSeats);
    }

    /** The level a request is scheduled at: the one fixed at intake (its priority in an older task). */
    public static Priority of(final TaskRequest request) {
        if (request == null) {
            return Priority.STANDARD;
        }
        if (request.level() != null) {
            return request.level();
        }
        return request.priority() == null ? Priority.STANDARD : request.priority();
    }

    public int share(final Priority level) {
        return shares.get(level);
    }

    /** How many of {@code seats} only {@code level} may take (rounded down). */
    public int reservedSeats(final Priority level, final int seats) {
        return (int) ((long) seats * reservedSeats.get(level) / 100);
    }

    /** A copy with {@code level}'s share and reserved seats changed. */
    public Levels with(final Priority level, final int share, final int reservedSeatPercent) {
        final Map<Priority, Integer> newShares = new EnumMap<>(shares);
        final Map<Priority, Integer> newReserved = new EnumMap<>(reservedSeats);
        newShares.put(level, share);
        newReserved.put(level, reservedSeatPercent);
        return new Levels(newShares, newReserved);
    }
}
