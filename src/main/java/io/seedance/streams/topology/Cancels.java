package io.seedance.streams.topology;

import io.seedance.streams.schemas.VideoCancellation;
import io.seedance.streams.topology.ProcessorMetrics.Counter;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Takes requests back. A cancellation is read by the same stream task as its request (the
 * cancellations topic is co-partitioned with the requests), on the same thread as the sweep, so it
 * sees the task as the sweep left it:
 *
 * <ul>
 *   <li>RESERVING, QUEUED, or SUBMITTING with the call not fired yet (marked in the last sweep, fired in the
 *       next): the request ends with {@code video-failed} CANCELLED and no upstream call is made;
 *   <li>SUBMITTING with the call gone out, or PENDING: too late, the upstream has no cancel and the
 *       credits are spent. The task goes on, its video is delivered, and the cancel is remembered
 *       in the task ({@code /requests/{id}} shows it);
 *   <li>not seen yet: the two topics are read independently, so a cancel produced right after its
 *       request may be read first. It is kept as a marker for the duplicate retention, and the
 *       request, should it come, ends CANCELLED at intake ({@link Intake});
 *   <li>finished, or cancelled already: nothing happens but a count.
 * </ul>
 *
 * A cancel that names a tenant other than the request's is refused, counted and logged.
 */
final class Cancels {

    private static final Logger LOG = LoggerFactory.getLogger(Cancels.class);
    /** The most of a cancel's reason copied into the failure's message. */
    static final int MAX_REASON_LENGTH = 1_000;

    private final TaskStore tasks;
    private final StepApplier steps;
    private final Transitions transitions;
    private final UpstreamGate gate;
    private final ProcessorMetrics metrics;
    private final Predicate<String> unmark;
    private final long retentionMillis;

    /**
     * @param unmark takes back a submission marked and not yet fired (true when there was one):
     *               a cancel takes it out, and it is never fired
     */
    Cancels(
            final TaskStore tasks,
            final StepApplier steps,
            final Transitions transitions,
            final UpstreamGate gate,
            final ProcessorMetrics metrics,
            final Predicate<String> unmark,
            final long retentionMillis) {
        this.tasks = tasks;
        this.steps = steps;
        this.transitions = transitions;
        this.gate = gate;
        this.metrics = metrics;
        this.unmark = unmark;
        this.retentionMillis = retentionMillis;
    }

    void accept(final String key, final VideoCancellation cancel, final long now) {
        final String id = cancel.getRequestId();
        if (id == null || id.isBlank() || id.length() > RequestValidator.MAX_REQUEST_ID_LENGTH || !id.equals(key)) {
            refuse(id, "its request_id is empty, too long or not the record key '" + key + "'");
            return;
        }
        final Task task = tasks.get(id);
        if (task == null) {
            metrics.increment(Counter.CANCELS_EARLY);
            LOG.info("Cancel for request_id={} came before the request: kept, the request will end CANCELLED", id);
            tasks.put(null, Task.cancelledBeforeItsRequest(id, cancel.getTenant(), now, now + retentionMillis));
            return;
        }
        if (!task.live() || task.cancelRequestedAt() != null) {
            metrics.increment(Counter.CANCELS_IGNORED);
            LOG.info(
                    "Cancel for request_id={} ignored: {}",
                    id,
                    task.live() || task.isEarlyCancel() ? "cancelled already" : "it has finished");
            return;
        }
        final String tenant = Tenants.of(task.request());
        if (cancel.getTenant() != null && !cancel.getTenant().equals(tenant)) {
            refuse(id, "it names tenant '" + cancel.getTenant() + "', the request's tenant is '" + tenant + "'");
            return;
        }
        final boolean notFired = task.phase() == TaskPhase.SUBMITTING && unmark.test(id);
        if (task.phase() == TaskPhase.QUEUED || task.phase() == TaskPhase.RESERVING || notFired) {
            if (notFired) {
                gate.cancelled();
            }
            metrics.increment(Counter.CANCELS_APPLIED);
            steps.take(task, transitions.cancelled(notFired ? task.unsent() : task, reasonOf(cancel), now), now);
            return;
        }
        metrics.increment(Counter.CANCELS_TOO_LATE);
        LOG.info(
                "Cancel for request_id={} came after its submission (task_id={}): the upstream cannot take it back,"
                        + " the video will be delivered",
                id,
                task.taskId());
        tasks.put(task, task.cancelRequested(now));
    }

    private void refuse(final String id, final String why) {
        metrics.increment(Counter.CANCELS_REFUSED);
        LOG.warn("Cancel for request_id={} refused: {}", id, why);
    }

    private static String reasonOf(final VideoCancellation cancel) {
        final String reason = cancel.getReason();
        if (reason == null || reason.isBlank()) {
            return null;
        }
        return reason.length() > MAX_REASON_LENGTH ? reason.substring(0, MAX_REASON_LENGTH) : reason;
    }
}
