package io.seedance.streams.topology;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Keeps the partitions of one instance submitting in the order their requests became ready, not
 * in the order their punctuations happen to run. Each partition's processor publishes its head:
 * when its oldest ready queued task became due. A partition may take a submission permit for its
 * head only while fewer of the other partitions' heads are older than it than there are permits
 * to be had now; otherwise it leaves the permits in the pace for them, and they take them at their
 * own sweep, within one sweep interval. Without this, the partition whose punctuation ran first
 * took every permit, and a neighbour's older requests waited without bound.
 *
 * <p>A head not refreshed for {@link #STALE_AFTER_SWEEPS} sweep intervals is ignored: a partition
 * whose stream thread is busy elsewhere (or gone) must not hold the others back. Thread-safe:
 * every stream thread of the instance publishes and asks.
 */
final class DispatchOrder {

    static final int STALE_AFTER_SWEEPS = 5;

    private record Head(long readySince, long publishedAt) {}

    private final long staleAfterMillis;
    private final Map<String, Head> heads = new ConcurrentHashMap<>();

    DispatchOrder(final Duration sweepInterval) {
        this.staleAfterMillis = sweepInterval.toMillis() * STALE_AFTER_SWEEPS;
    }

    /** {@code partition}'s oldest ready queued task became ready at {@code readySince}. */
    void publish(final String partition, final long readySince, final long now) {
        heads.put(partition, new Head(readySince, now));
    }

    /**
     * A task of {@code partition} became ready at {@code readySince} between sweeps (a request was
     * just accepted): it becomes the partition's head unless the partition already has an older one
     * that is still fresh. Other partitions learn of it at once, not only at this partition's next
     * sweep, so one swept in between does not take the permits it should leave.
     */
    void offer(final String partition, final long readySince, final long now) {
        heads.merge(
                partition,
                new Head(readySince, now),
                (current, offered) ->
                        current.readySince() <= offered.readySince() && !isStale(current, now) ? current : offered);
    }

    /** {@code partition} has no ready queued task (or no longer belongs to this instance). */
    void withdraw(final String partition) {
        heads.remove(partition);
    }

    /**
     * True when {@code partition}'s head, ready since {@code readySince}, may take one of the
     * {@code permits} that can be had now: fewer other heads are older (ties go to the smaller
     * partition name, so two equal heads never both yield).
     */
    boolean mayTake(final String partition, final long readySince, final long permits, final long now) {
        long older = 0;
        for (final Map.Entry<String, Head> other : heads.entrySet()) {
            final Head head = other.getValue();
            if (other.getKey().equals(partition) || isStale(head, now)) {
                continue;
            }
            if (head.readySince() < readySince
                    || head.readySince() == readySince && other.getKey().compareTo(partition) < 0) {
                older++;
                if (older >= permits) {
                    return false;
                }
            }
        }
        return older < permits;
    }

    private boolean isStale(final Head head, final long now) {
        return now - head.publishedAt() > staleAfterMillis;
    }
}
