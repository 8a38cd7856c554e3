package io.seedance.streams.topology;

import io.seedance.streams.schemas.Priority;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.ToLongFunction;

/**
 * The order in which the partitions of one instance may submit: by priority level in fair shares,
 * then by age; never in the order their punctuations happen to run.
 *
 * <p>Each partition's processor publishes its <em>heads</em>: for each level, when its oldest ready
 * queued task of that level became due. A head may take a submission permit only while fewer heads
 * that go before it (of any partition, its own other levels included) can take one now than there
 * are permits for it; otherwise it leaves the permits in the pace, and the heads before it take
 * them at their own sweep, within one sweep interval. Without this, the partition whose
 * punctuation ran first took every permit, and a neighbour's older requests waited without bound.
 *
 * <p>Between levels the order is start-time fair queuing (SFQ) weighted by each level's {@linkplain
 * Levels#share share} and charged by cost (seconds of video): a level's next start tag is the
 * larger of the virtual time and the finish tag of its last submission, and each submission moves
 * the level's finish tag on by {@code cost / share}. A level that had nothing waiting starts again
 * at the virtual time, so idleness earns no credit and an idle level's share goes to the others;
 * every waiting level gets at least its share, so none starves. Equal tags go to the higher level,
 * equal levels to the older head, equal ages to the smaller partition name (so that two heads never
 * both yield).
 *
 * <p>A head not refreshed for {@link #STALE_AFTER_SWEEPS} sweep intervals is ignored: a partition
 * whose stream thread is busy elsewhere (or gone) must not hold the others back. Thread-safe:
 * every stream thread of the instance publishes and asks.
 */
final class DispatchOrder {

    static final int STALE_AFTER_SWEEPS = 5;

    private record Place(String partition, Priority level) {}

    private record Head(long readySince, long publishedAt) {}

    private final long staleAfterMillis;
    private final Levels levels;
    private final Map<Place, Head> heads = new ConcurrentHashMap<>();
    /** SFQ state, guarded by {@code this}: each level's last finish tag, and the virtual time. */
    private final double[] finishTags = new double[Priority.values().length];

    private double virtualTime;

    DispatchOrder(final Duration sweepInterval, final Levels levels) {
        this.staleAfterMillis = sweepInterval.toMillis() * STALE_AFTER_SWEEPS;
        this.levels = levels;
    }

    /** {@code partition}'s oldest ready queued task of {@code level} became ready at {@code readySince}. */
    void publish(final String partition, final Priority level, final long readySince, final long now) {
        heads.put(new Place(partition, level), new Head(readySince, now));
    }

    /**
     * A task of {@code partition} became ready at {@code readySince} between sweeps (a request was
     * just accepted): it becomes the head of its level unless the partition already has an older one
     * that is still fresh. Other partitions learn of it at once, not only at this partition's next
     * sweep, so one swept in between does not take the permits it should leave.
     */
    void offer(final String partition, final Priority level, final long readySince, final long now) {
        heads.merge(
                new Place(partition, level),
                new Head(readySince, now),
                (current, offered) ->
                        current.readySince() <= offered.readySince() && !isStale(current, now) ? current : offered);
    }

    /** {@code partition} has no ready queued task of {@code level} (or no longer belongs to this instance). */
    void withdraw(final String partition, final Priority level) {
        heads.remove(new Place(partition, level));
    }

    /**
     * True when {@code partition}'s head of {@code level}, ready since {@code readySince}, may take
     * one of the permits to be had now: fewer of the heads that go before it could take one. {@code
     * permits} tells how many submissions each level could make now (its seats and the pace); a head
     * whose level can make none holds nobody back.
     */
    synchronized boolean mayTake(
            final String partition,
            final Priority level,
            final long readySince,
            final ToLongFunction<Priority> permits,
            final long now) {
        final long mine = permits.applyAsLong(level);
        if (mine <= 0) {
            return false;
        }
        final Place place = new Place(partition, level);
        final double tag = startTag(level);
        long before = 0;
        for (final Map.Entry<Place, Head> other : heads.entrySet()) {
            final Place otherPlace = other.getKey();
            final Head head = other.getValue();
            if (otherPlace.equals(place)
                    || isStale(head, now)
                    || !goesBefore(otherPlace, head.readySince(), place, readySince, tag)
                    || permits.applyAsLong(otherPlace.level()) <= 0) {
                continue;
            }
            before++;
            if (before >= mine) {
                return false;
            }
        }
        return true;
    }

    /** A task of {@code level} costing {@code cost} (seconds of video) took a permit: charge its level. */
    synchronized void took(final Priority level, final double cost) {
        final double start = startTag(level);
        virtualTime = Math.max(virtualTime, start);
        finishTags[level.ordinal()] = start + cost / levels.share(level);
    }

    private boolean goesBefore(
            final Place other, final long otherReadySince, final Place place, final long readySince, final double tag) {
        final int byTag = Double.compare(startTag(other.level()), tag);
        if (byTag != 0) {
            return byTag < 0;
        }
        if (other.level() != place.level()) {
            return other.level().ordinal() < place.level().ordinal();
        }
        if (otherReadySince != readySince) {
            return otherReadySince < readySince;
        }
        return other.partition().compareTo(place.partition()) < 0;
    }

    private double startTag(final Priority level) {
        return Math.max(virtualTime, finishTags[level.ordinal()]);
    }

    private boolean isStale(final Head head, final long now) {
        return now - head.publishedAt() > staleAfterMillis;
    }
}
