package io.seedance.streams.topology;

import io.seedance.streams.schemas.Priority;
import java.util.HashMap;
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
 * phase, queued tasks by level, the oldest live task, tasks in flight upstream by level and by
 * tenant). Every write goes through {@link #put},
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
    private final TenantQuotas quotas;
    private final QueuedTasks queued;
    private final boolean owner;
    /** This partition's tasks by phase, given back to the shared metrics on close. */
    private final int[] byPhase = new int[TaskPhase.values().length];
    /** This partition's queued tasks by level, given back to the level metrics on close. */
    private final int[] queuedByLevel = new int[Priority.values().length];
    /** This partition's tasks in flight upstream by level (the seats it holds), given back to the gate on close. */
    private final int[] seatsByLevel = new int[Priority.values().length];
    /** The same by tenant, given back to the tenant quotas on close. */
    private final Map<String, Integer> seatsByTenant = new HashMap<>();
    /** This partition's queued tasks by tenant, given back to the tenant metrics on close. */
    private final Map<String, Integer> queuedByTenant = new HashMap<>();
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
            final TenantQuotas quotas,
            final QueuedTasks queued,
            final boolean owner) {
        this.tasks = context.getStateStore(SeedanceTopology.TASK_STORE);
        this.index = new DueIndex(context.getStateStore(SeedanceTopology.INDEX_STORE));
        this.metrics = metrics;
        this.gate = gate;
        this.quotas = quotas;
        this.queued = queued;
        this.owner = owner;
    }

    /**
     * The partition's store for its owner: counts what it holds, for the metrics and the gate, and
     * puts its queued tasks in {@code queued}.
     */
    static TaskStore own(
            final ProcessorContext<?, ?> context,
            final ProcessorMetrics metrics,
            final UpstreamGate gate,
            final TenantQuotas quotas,
            final QueuedTasks queued) {
        final TaskStore store = new TaskStore(context, metrics, gate, quotas, queued, true);
        try (KeyValueIterator<String, Task> all = store.tasks.all()) {
            all.forEachRemaining(entry -> {
                store.countPhase(null, entry.value.phase());
                store.countLevel(null, entry.value);
                if (entry.value.phase() == TaskPhase.QUEUED) {
                    store.index.forgetQueued(entry.value);
                    queued.changed(null, entry.value);
                }
                if (entry.value.live()) {
                    store.liveReceivedAt.merge(entry.value.receivedAt(), 1, Integer::sum);
                }
            });
        }
        metrics.watchOldest(store.oldest);
        gate.tasksAdopted(store.seatsByLevel.clone());
        quotas.seatsAdopted(Map.copyOf(store.seatsByTenant));
        return store;
    }

    /** The partition's store for a processor that only moves due times and remembers reports. */
    static TaskStore share(final ProcessorContext<?, ?> context) {
        return new TaskStore(context, null, null, null, null, false);
    }

    Task get(final String requestId) {
        return tasks.get(requestId);
    }

    /** The partition's queued tasks, by level and tenant. */
    QueuedTasks queued() {
        return queued;
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
        if (!owner
                && (before == null
                        || before.phase() != after.phase()
                        || before.live() != after.live()
                        || before.phase() == TaskPhase.QUEUED && before.dueAt() != after.dueAt())) {
            throw new IllegalStateException("only the owner of the task store changes a task's phase or queue");
        }
        tasks.put(after.requestId(), after);
        index.move(before, after);
        if (!owner) {
            return;
        }
        queued.changed(before, after);
        if (before == null || before.phase() != after.phase()) {
            countPhase(before == null ? null : before.phase(), after.phase());
            countLevel(before, after);
        }
        final boolean wasLive = before != null && before.live();
        if (!wasLive && after.live()) {
            liveReceivedAt.merge(after.receivedAt(), 1, Integer::sum);
        } else if (wasLive && !after.live()) {
            liveReceivedAt.computeIfPresent(before.receivedAt(), (at, n) -> n > 1 ? n - 1 : null);
        }
        if (before != null && isInFlightUpstream(before) && !isInFlightUpstream(after)) {
            gate.taskLeft(Levels.of(before.request()));
            quotas.seatLeft(Tenants.of(before.request()));
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
            final int[] seatsGiven = new int[seatsByLevel.length];
            for (final Priority level : Priority.values()) {
                seatsGiven[level.ordinal()] = -seatsByLevel[level.ordinal()];
                metrics.levels().queuedChanged(level, -queuedByLevel[level.ordinal()]);
            }
            gate.tasksAdopted(seatsGiven);
            final Map<String, Integer> tenantSeatsGiven = new HashMap<>();
            seatsByTenant.forEach((tenant, seats) -> tenantSeatsGiven.put(tenant, -seats));
            quotas.seatsAdopted(tenantSeatsGiven);
            queuedByTenant.forEach((tenant, count) -> metrics.tenants().queuedChanged(tenant, -count));
            queued.close();
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

    /**
     * Keeps the per-level and per-tenant counts of a task whose phase changed ({@code before} null
     * for a new or just-read one). Its level and tenant never change. Seats taken here were already counted by the gate
     * when it granted the submission; the counts are what this partition gives back on close.
     */
    private void countLevel(final Task before, final Task after) {
        final int level = Levels.of(after.request()).ordinal();
        final String tenant = Tenants.of(after.request());
        if (before != null && before.phase() == TaskPhase.QUEUED) {
            queuedByLevel[level]--;
            metrics.levels().queuedChanged(Levels.of(after.request()), -1);
            add(queuedByTenant, tenant, -1);
            metrics.tenants().queuedChanged(tenant, -1);
        }
        if (after.phase() == TaskPhase.QUEUED) {
            queuedByLevel[level]++;
            metrics.levels().queuedChanged(Levels.of(after.request()), 1);
            add(queuedByTenant, tenant, 1);
            metrics.tenants().queuedChanged(tenant, 1);
        }
        final boolean wasInFlight = before != null && isInFlightUpstream(before);
        if (!wasInFlight && isInFlightUpstream(after)) {
            seatsByLevel[level]++;
            add(seatsByTenant, tenant, 1);
        } else if (wasInFlight && !isInFlightUpstream(after)) {
            seatsByLevel[level]--;
            add(seatsByTenant, tenant, -1);
        }
    }

    /** Adds {@code delta} to a tenant's count, dropping tenants that reach zero (the map stays small). */
    private static void add(final Map<String, Integer> counts, final String tenant, final int delta) {
        counts.merge(tenant, delta, (a, b) -> a + b == 0 ? null : a + b);
    }

    private static boolean isInFlightUpstream(final Task task) {
        return task.phase() == TaskPhase.SUBMITTING || task.phase() == TaskPhase.PENDING;
    }
}
