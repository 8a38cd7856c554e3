package io.seedance.streams.topology;

import io.seedance.streams.schemas.Priority;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.NavigableSet;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListSet;

/**
 * One partition's queued tasks, in memory: a queue per level and tenant, earliest due first, rebuilt
 * from the task store when the partition is assigned. Whenever the first task of a queue changes,
 * the instance's {@link DispatchOrder} is told (the queue's <em>head</em>), so the order always
 * knows every partition's demand without a scan. The queued tasks are also kept by deadline, so
 * that one whose deadline passes fails then, not when its turn comes. Written on the stream thread
 * only; readable from any thread (a request lookup asks for a task's place).
 */
final class QueuedTasks {

    /** Where a queued task waits: its level and its tenant. */
    record Queue(Priority level, String tenant) {
        static Queue of(final Task task) {
            return new Queue(Levels.of(task.request()), Tenants.of(task.request()));
        }
    }

    private record Entry(long dueAt, String requestId) {}

    private static final Comparator<Entry> EARLIEST_DUE_FIRST =
            Comparator.comparingLong(Entry::dueAt).thenComparing(Entry::requestId);

    private final String partition;
    private final DispatchOrder order;
    private final Map<Queue, NavigableSet<Entry>> queues = new ConcurrentHashMap<>();
    /** Every queued task by its deadline (an entry's dueAt is the deadline here). */
    private final NavigableSet<Entry> byDeadline = new ConcurrentSkipListSet<>(EARLIEST_DUE_FIRST);

    QueuedTasks(final String partition, final DispatchOrder order) {
        this.partition = partition;
        this.order = order;
    }

    /** Keeps the queues true to a task's change ({@code before} null for a new or just-read task). */
    void changed(final Task before, final Task after) {
        final boolean wasQueued = before != null && before.phase() == TaskPhase.QUEUED;
        final boolean isQueued = after != null && after.phase() == TaskPhase.QUEUED;
        if (wasQueued && isQueued && before.dueAt() == after.dueAt()) {
            return;
        }
        if (wasQueued) {
            remove(Queue.of(before), new Entry(before.dueAt(), before.requestId()));
            byDeadline.remove(new Entry(before.deadlineAt(), before.requestId()));
        }
        if (isQueued) {
            add(Queue.of(after), new Entry(after.dueAt(), after.requestId()));
            byDeadline.add(new Entry(after.deadlineAt(), after.requestId()));
        }
    }

    /** The request ids of at most {@code max} queued tasks whose deadline is at or before {@code now}, earliest first. */
    List<String> pastDeadline(final long now, final int max) {
        final List<String> past = new ArrayList<>();
        for (final Entry entry : byDeadline) {
            if (entry.dueAt() > now || past.size() >= max) {
                break;
            }
            past.add(entry.requestId());
        }
        return past;
    }

    /** The request id of the first task of {@code queue}, if it has one. */
    Optional<String> first(final Queue queue) {
        final NavigableSet<Entry> tasks = queues.get(queue);
        if (tasks == null) {
            return Optional.empty();
        }
        final Entry first = tasks.isEmpty() ? null : tasks.first();
        return first == null ? Optional.empty() : Optional.of(first.requestId());
    }

    /**
     * How many tasks of {@code task}'s queue come before it, counted up to {@code cap}; empty when
     * it is not queued here.
     */
    Optional<Long> ahead(final Task task, final long cap) {
        final NavigableSet<Entry> tasks = queues.get(Queue.of(task));
        final Entry entry = new Entry(task.dueAt(), task.requestId());
        if (tasks == null || !tasks.contains(entry)) {
            return Optional.empty();
        }
        long ahead = 0;
        for (final Entry before : tasks.headSet(entry, false)) {
            if (++ahead >= cap) {
                break;
            }
        }
        return Optional.of(ahead);
    }

    /** The partition is no longer this instance's: its heads leave the order. */
    void close() {
        queues.keySet().forEach(queue -> order.withdraw(partition, queue.level(), queue.tenant()));
        queues.clear();
        byDeadline.clear();
    }

    private void add(final Queue queue, final Entry entry) {
        final NavigableSet<Entry> tasks =
                queues.computeIfAbsent(queue, q -> new ConcurrentSkipListSet<>(EARLIEST_DUE_FIRST));
        tasks.add(entry);
        if (tasks.first().equals(entry)) {
            order.publish(partition, queue.level(), queue.tenant(), entry.dueAt());
        }
    }

    private void remove(final Queue queue, final Entry entry) {
        final NavigableSet<Entry> tasks = queues.get(queue);
        if (tasks == null) {
            return;
        }
        final boolean wasFirst = !tasks.isEmpty() && tasks.first().equals(entry);
        tasks.remove(entry);
        if (tasks.isEmpty()) {
            queues.remove(queue);
            order.withdraw(partition, queue.level(), queue.tenant());
        } else if (wasFirst) {
            order.publish(
                    partition, queue.level(), queue.tenant(), tasks.first().dueAt());
        }
    }
}
