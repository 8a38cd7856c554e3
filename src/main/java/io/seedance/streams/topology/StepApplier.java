package io.seedance.streams.topology;

import io.seedance.streams.schemas.VideoCompleted;
import io.seedance.streams.schemas.VideoFailed;
import io.seedance.streams.topology.Transitions.Step;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;

/**
 * Makes a {@link Step} happen in one partition: its counters, its terminal event forwarded to the
 * completed or failed sink (with what the metrics and the status page keep of it), the settlement
 * of its reservation when it ends, and the task's next state written to the store.
 */
final class StepApplier {

    private final ProcessorContext<String, Object> context;
    private final TaskStore tasks;
    private final ProcessorMetrics metrics;

    StepApplier(final ProcessorContext<String, Object> context, final TaskStore tasks, final ProcessorMetrics metrics) {
        this.context = context;
        this.tasks = tasks;
        this.metrics = metrics;
    }

    void take(final Task task, final Step step, final long now) {
        step.counters().forEach(metrics::increment);
        final long endToEnd = task.request() == null ? 0 : now - task.request().requestedAt();
        step.event().ifPresent(event -> {
            if (event instanceof VideoCompleted completed) {
                metrics.endToEnd("completed", endToEnd);
                metrics.finished(new ProcessorMetrics.Recent(
                        task.requestId(), "completed", now, completed.getVideoUrl(), endToEnd));
                metrics.consumed(completed.getConsumed());
                context.forward(new Record<>(task.requestId(), event, now), SeedanceTopology.COMPLETED_SINK);
            } else if (event instanceof VideoFailed failed) {
                if (task.request() != null) {
                    metrics.endToEnd("failed", endToEnd);
                }
                failed(task.requestId(), failed, endToEnd, now);
            }
        });
        if (task.live() && !step.task().live() && task.budgeted()) {
            // Its ledger holds a reservation (or a wait for one) for it: settle at what it was charged.
            claim(BudgetClaim.settle(task, context.taskId().partition(), step.charged(), now), now);
        }
        tasks.put(task, step.task());
    }

    /** Stores a new RESERVING task and asks its tenant's ledger to reserve its cost, in one transaction. */
    void reserve(final Task task, final long now) {
        tasks.put(null, task);
        claim(BudgetClaim.reserve(task, context.taskId().partition(), now), now);
    }

    private void claim(final BudgetClaim claim, final long now) {
        context.forward(new Record<>(claim.tenant(), claim, now), SeedanceTopology.CLAIMS_SINK);
    }

    /** What every video-failed event shares: its counter by error, the status page's list, the event itself. */
    void failed(final String requestId, final VideoFailed event, final long endToEndMillis, final long now) {
        metrics.failure(event.getError().name(), event.getCategory().name());
        metrics.finished(new ProcessorMetrics.Recent(
                requestId, "failed", now, event.getError() + ": " + event.getMessage(), endToEndMillis));
        context.forward(new Record<>(requestId, event, now), SeedanceTopology.FAILED_SINK);
    }
}
