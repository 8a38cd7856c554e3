package io.seedance.streams.topology;

import io.seedance.streams.storage.VideoCopier;
import java.net.URI;
import java.util.HashSet;
import java.util.Optional;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * One partition's STORING tasks: starts the copy of a due task's video on the instance's {@link
 * VideoCopier} (never waiting: with every slot taken, the task asks again at the next sweep),
 * and brings each copy's outcome back to the stream thread, which {@linkplain #drain applies}
 * them at its next sweep. A copy that a crash interrupted is simply made again: the store keeps
 * one object per request id.
 */
final class Copies {

    private record Copied(String requestId, VideoCopier.Outcome outcome) {}

    /** How often a copy under way is looked at (it is only checked, never started twice by its owner). */
    static final long COPY_CHECK_BACK_MILLIS = 1_000;

    /** Empty when storage is off: a STORING task left by a run with it on is delivered without a copy. */
    private final Optional<VideoCopier> copier;

    private final TaskStore tasks;
    private final StepApplier steps;
    private final StoreTransitions transitions;
    private final long sweepMillis;
    private final Queue<Copied> outcomes = new ConcurrentLinkedQueue<>();
    /** Requests whose copy is under way from this partition. Stream thread only. */
    private final Set<String> copying = new HashSet<>();

    private volatile boolean closed;

    Copies(
            final Optional<VideoCopier> copier,
            final TaskStore tasks,
            final StepApplier steps,
            final StoreTransitions transitions,
            final long sweepMillis) {
        this.copier = copier;
        this.tasks = tasks;
        this.steps = steps;
        this.transitions = transitions;
        this.sweepMillis = sweepMillis;
    }

    /** A STORING task came due: start its copy, wait for the one under way, or give up; true: the sweep goes on. */
    boolean due(final Task task, final long now) {
        if (copier.isEmpty()) {
            steps.take(task, transitions.storeGivenUp(task, "storage was turned off (STORAGE_TYPE)", now), now);
            return true;
        }
        // Looked at again soon, not at the copy's timeout: after a crash the next owner finds the
        // task due within a second and copies again, instead of waiting for a copy that died.
        final long checkBack = Math.max(sweepMillis, COPY_CHECK_BACK_MILLIS);
        if (copying.contains(task.requestId())) {
            tasks.put(task, task.dueAt(now + checkBack));
            return true;
        }
        if (transitions.storageGivenUp(task, now)) {
            steps.take(
                    task,
                    transitions.storeGivenUp(
                            task,
                            "no copy was made before STORAGE_GIVE_UP_AFTER"
                                    + (task.lastError() == null ? "" : "; last error: " + task.lastError()),
                            now),
                    now);
            return true;
        }
        final URI link;
        try {
            link = URI.create(task.report().videoUrl());
        } catch (final IllegalArgumentException e) {
            steps.take(task, transitions.storeGivenUp(task, "the video's link is not a URL", now), now);
            return true;
        }
        final Optional<CompletableFuture<VideoCopier.Outcome>> started =
                copier.get().copy(task.requestId(), link);
        if (started.isEmpty()) {
            tasks.put(task, task.dueAt(now + sweepMillis)); // every slot is taken: the next sweep asks again
            return true;
        }
        copying.add(task.requestId());
        tasks.put(task, task.dueAt(now + checkBack));
        final String requestId = task.requestId();
        started.get().thenAccept(outcome -> {
            if (!closed) {
                outcomes.add(new Copied(requestId, outcome));
            }
        });
        return true;
    }

    /** Applies the outcomes of the copies that ended since the last sweep. */
    void drain(final long now) {
        Copied copied;
        while ((copied = outcomes.poll()) != null) {
            copying.remove(copied.requestId());
            final Task task = tasks.get(copied.requestId());
            if (task != null && task.phase() == TaskPhase.STORING) {
                try (LogFields fields = LogFields.of(task)) {
                    steps.take(task, transitions.stored(task, copied.outcome(), now), now);
                }
            }
        }
    }

    /** Outcomes that come after this are dropped: the next owner of the partition copies again. */
    void close() {
        closed = true;
    }
}
