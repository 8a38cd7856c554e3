package io.seedance.streams.topology;

import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.function.Supplier;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * One partition's tasks: the task store, its due index and what is counted of them (tasks by
 * phase, the oldest live task, tasks in flight upstream). Every write goes through {@link #put},
 * so the index and the counts never drift from the store.
 *
 * <p>The request processor {@linkplain #own owns} the partition's store: it counts what it finds
 * at start and gives the counts back on close. The webhook processor only {@linkplain #share
 * shares} it, and may not change a task's phase or liveness (a webhook only moves a due time or
 * remembers a report), so the owner's counts stay true.
 */
final class TaskStore {

    private final KeyValueStore<String, Task> tasks;
    private final DueIndex index;
    private final ProcessorMetrics metrics;
    private final UpstreamGate gate;
    private final boolean owner;
    /** This partition's tasks by phase, given back to the shared metrics on close. */
    private final int[] byPhase = new int[TaskPhase.values().length];
    /** Receipt times of live tasks (a multiset), read by the metrics thread. */
    private final ConcurrentSkipListMap<Long, Integer> liveReceivedAt = new ConcurrentSkipListMap<>();

    private final Supplier<OptionalLong> oldest = () -> {
        final Map.Entry<Long, Integer> first = liveReceivedAt.firstEntry();
        return first == null ? OptionalLong.empty() : OptionalLong.of(first.getKey());
    };

    private TaskStore(
            final ProcessorContext<?, ?> context,
            final ProcessorMetrics metrics,
            final UpstreamGate gate,
            final boolean owner) {
        this.tasks = context.getStateStore(SeedanceTopology.TASK_STORE);
        this.index = new DueIndex(context.getStateStore(SeedanceTopology.INDEX_STORE));
        this.metrics = metrics;
        this.gate = gate;
        this.owner = owner;
    }

    /** The partition's store for its owner: counts what it holds, for the metrics and the gate. */
    static TaskStore own(
            final ProcessorContext<?, ?> context, final ProcessorMetrics metrics, final UpstreamGate gate) {
        final TaskStore store = new TaskStore(context, metrics, gate, true);
        try (KeyValueIterator<String, Task> all = store.tasks.all()) {
            all.forEachRemaining(entry -> {
                store.countPhase(null, entry.value.phase());
                if (entry.value.live()) {
                    store.liveReceivedAt.merge(entry.value.receivedAt(), 1, Integer::sum);
                }
            });
        }
        metrics.watchOldest(store.oldest);
        gate.tasksAdopted(store.inFlightUpstream());
        return store;
    }

    /** The partition's store for a processor that only moves due times and remembers reports. */
    static TaskStore share(final ProcessorContext<?, ?> context) {
        return new TaskStore(context, null, null, false);
    }

    Task get(final String requestId) {
        return tasks.get(requestId);
    }

    /** Up to {@code max} index entries of {@code lane} due at {@code now}, earliest first. */
    List<DueIndex.Entry> due(final DueIndex.Lane lane, final long now, final int max) {
        return index.due(lane, now, max);
    }

    /** True when {@code entry} still names the task's current due time and lane; else it is dropped. */
    boolean isCurrent(final DueIndex.Entry entry, final Task task) {
        if (task == null || task.dueAt() != entry.dueAt() || DueIndex.laneOf(task) != entry.lane()) {
            index.remove(entry);
            return false;
        }
        return true;
    }

    /** Writes the task ({@code before} is null for a new one), moves its index entry, keeps the counts. */
    void put(final Task before, final Task after) {
        if (!owner && (before == null || before.phase() != after.phase() || before.live() != after.live())) {
            throw new IllegalStateException("only the owner of the task store changes a task's phase");
        }
        tasks.put(after.requestId(), after);
        index.move(before, after);
        if (!owner) {
            return;
        }
        if (before == null || before.phase() != after.phase()) {
            countPhase(before == null ? null : before.phase(), after.phase());
        }
        final boolean wasLive = before != null && before.live();
        if (!wasLive && after.live()) {
            liveReceivedAt.merge(after.receivedAt(), 1, Integer::sum);
        } else if (wasLive && !after.live()) {
            liveReceivedAt.computeIfPresent(before.receivedAt(), (at, n) -> n > 1 ? n - 1 : null);
        }
        if (before != null && isInFlightUpstream(before) && !isInFlightUpstream(after)) {
            gate.taskLeft();
        }
    }

    /** Removes a finished task's marker once its retention has passed. */
    void forget(final Task marker) {
        index.remove(marker);
        tasks.delete(marker.requestId());
        countPhase(marker.phase(), null);
    }

    /** Gives this partition's counts back: its tasks now belong to whichever instance opens it next. */
    void close() {
        if (owner) {
            gate.tasksAdopted(-inFlightUpstream());
            metrics.tasksLeft(byPhase);
            metrics.unwatchOldest(oldest);
        }
    }

    private void countPhase(final TaskPhase from, final TaskPhase to) {
        if (from != null) {
            byPhase[from.ordinal()]--;
        }
        if (to != null) {
            byPhase[to.ordinal()]++;
        }
        metrics.phaseChanged(from, to);
    }

    private int inFlightUpstream() {
        return byPhase[TaskPhase.SUBMITTING.ordinal()] + byPhase[TaskPhase.PENDING.ordinal()];
    }

    private static boolean isInFlightUpstream(final Task task) {
        return task.phase() == TaskPhase.SUBMITTING || task.phase() == TaskPhase.PENDING;
    }
}
