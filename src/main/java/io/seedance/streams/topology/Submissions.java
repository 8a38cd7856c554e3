package io.seedance.streams.topology;

import io.seedance.streams.topology.UpstreamGate.Call;
import io.seedance.streams.upstream.SeedanceApi;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.kafka.streams.processor.api.ProcessorContext;

/**
 * A partition's submissions, in two sweeps. In one, queued tasks the instance's {@link
 * DispatchOrder} and the {@link UpstreamGate} grant are marked SUBMITTING and a commit is asked
 * for; in the next, once the marks are durable, their calls go out. So a crash between the two
 * leaves a mark that says the outcome is unknown, never a call that no store remembers.
 */
final class Submissions {

    private final ProcessorConfig config;
    private final SeedanceApi api;
    private final UpstreamGate gate;
    private final DispatchOrder order;
    private final DispatchOrder.Permits permits;
    private final ProcessorMetrics metrics;
    private final Transitions transitions;
    private final ProcessorContext<String, Object> context;
    private final TaskStore tasks;
    private final StepApplier steps;
    private final CallDispatcher calls;
    private final String partition;
    /** Marked SUBMITTING in the last sweep; fired in the next, once the mark is committed. */
    private final List<String> marked = new ArrayList<>();

    Submissions(
            final ProcessorConfig config,
            final SeedanceApi api,
            final UpstreamGate gate,
            final DispatchOrder order,
            final ProcessorMetrics metrics,
            final Transitions transitions,
            final ProcessorContext<String, Object> context,
            final TaskStore tasks,
            final StepApplier steps,
            final CallDispatcher calls) {
        this.config = config;
        this.api = api;
        this.gate = gate;
        this.order = order;
        this.permits = DispatchOrder.Permits.of(gate);
        this.metrics = metrics;
        this.transitions = transitions;
        this.context = context;
        this.tasks = tasks;
        this.steps = steps;
        this.calls = calls;
        this.partition = context.taskId().toString();
    }

    /**
     * Marks this partition's queued tasks SUBMITTING while the instance's {@link DispatchOrder}
     * grants it a permit: its queue whose head goes first, when fewer heads of other queues go
     * before it than there are permits. The rest wait for this partition's next sweep.
     */
    void markQueued(final long now) {
        for (int i = 0; i < config.maxDuePerSweep(); i++) {
            final Optional<QueuedTasks.Queue> granted = order.grant(partition, permits, now);
            if (granted.isEmpty()) {
                return;
            }
            final QueuedTasks.Queue queue = granted.get();
            final Task task = tasks.queued().first(queue).map(tasks::get).orElse(null);
            if (task == null) {
                // A head without a task would be granted forever: it cannot happen, but never loop on it.
                order.withdraw(partition, queue.level(), queue.tenant());
                continue;
            }
            final boolean marked;
            try (LogFields fields = LogFields.of(task)) {
                marked = tryMark(task, queue, now);
            }
            if (!marked) {
                return;
            }
        }
    }

    /** Queued tasks whose deadline passed fail now, whatever their place in the order. */
    void failQueuedPastDeadline(final long now) {
        for (final String id : tasks.queued().pastDeadline(now, config.maxDuePerSweep())) {
            final Task task = tasks.get(id);
            try (LogFields fields = LogFields.of(task)) {
                steps.take(task, transitions.queuedPastDeadline(task, now), now);
            }
        }
    }

    /**
     * Marks the first task of a granted queue SUBMITTING when the gate agrees; false when it does
     * not, which ends this sweep's submissions.
     */
    private boolean tryMark(final Task task, final QueuedTasks.Queue queue, final long now) {
        if (now >= task.deadlineAt()) {
            steps.take(task, transitions.queuedPastDeadline(task, now), now);
            return true;
        }
        if (!order.quotas().tryTake(queue.tenant(), now)) {
            return false;
        }
        if (!gate.tryAcquire(Call.SUBMIT, queue.level(), now)) {
            order.quotas().giveBack(queue.tenant());
            return false;
        }
        order.took(queue.level(), queue.tenant(), task.request().cost());
        metrics.levels().submitted(queue.level(), now - task.receivedAt());
        metrics.tenants().submitted(queue.tenant(), now - task.receivedAt());
        tasks.put(task, task.submitting(now + transitions.checkBackDelay()));
        marked.add(task.requestId());
        // The mark must be durable before the call goes out: ask for a commit now, fire next sweep.
        context.commit();
        return true;
    }

    /** Sends the calls of the last sweep's marks, now committed; while stopping, queues them again. */
    void fireMarked(final long now) {
        for (final String id : marked) {
            final Task task = tasks.get(id);
            if (gate.isDraining()) {
                // Stopping: this call never went out, so the task is simply queued again.
                gate.cancelled();
                tasks.put(task, task.retry(TaskPhase.QUEUED, now, task.lastError()));
                continue;
            }
            final Optional<URI> callbackUrl = config.callbacks().map(signer -> signer.urlFor(id));
            calls.send(id, Call.SUBMIT, () -> api.generate(task.request().toGeneration(callbackUrl)));
        }
        marked.clear();
    }

    /** Whether {@code requestId} is marked and its call not fired yet. */
    boolean isMarked(final String requestId) {
        return marked.contains(requestId);
    }

    /** Takes back a mark whose call was not fired (a cancel): true when there was one. */
    boolean unmark(final String requestId) {
        return marked.remove(requestId);
    }

    /**
     * The partition closes: marked calls never sent give back what their marks took of the gate.
     * Counted as unapplied forever, they would hold a later stop's drain to its whole bound.
     */
    void close() {
        marked.forEach(unsent -> gate.cancelled());
        marked.clear();
    }
}
