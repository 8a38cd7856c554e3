package io.seedance.streams.topology;

import java.util.Objects;

/**
 * The state of one request, kept in the task store under its {@code request_id}. Everything the
 * processor needs to resume after a restart or a rebalance lives here: the request itself, the
 * phase, the upstream task id, the counters that drive backoff, and the deadline.
 *
 * @param request       null once DONE (the marker keeps only what recognises a replay)
 * @param dueAt         when the processor next looks at the task (its place in the due index)
 * @param retries       consecutive transient failures: the exponent of the next backoff
 * @param notFoundSince when queries started answering 404, or null
 * @param signalled     a webhook said the upstream task finished (perhaps before the submission's answer)
 * @param announcedTaskId the task id a webhook carried, to recover a submission whose outcome a crash hid
 * @param report        how a verified webhook said the task ended, applied at the next sweep
 *                      instead of a query; null without one
 * @param cancelRequestedAt when a cancel came for the task after its submission had gone out (too
 *                      late to take it back: the video is still delivered), or, in a marker of a
 *                      request not seen yet, when its cancel came first; null without one
 * @param cancelTenant  in such a marker, the tenant the early cancel named (null: any)
 * @param reserved      what its tenant's ledger reserved for it, in millionths of a credit; null
 *                      when its tenant had no budget at intake (nothing to settle at its end)
 * @param heldSince     when its ledger said it waits for room in the budget; null otherwise
 * @param storingSince  when it succeeded upstream and its copy to the store began (STORING); the
 *                      success itself is kept in {@code report}
 */
public record Task(
        String requestId,
        TaskPhase phase,
        TaskRequest request,
        long receivedAt,
        long deadlineAt,
        long dueAt,
        String taskId,
        Long submittedAt,
        Long taskCreatedAt,
        Long notFoundSince,
        int submissions,
        int queries,
        int retries,
        String lastError,
        Long finishedAt,
        boolean signalled,
        String announcedTaskId,
        TaskReport report,
        Long cancelRequestedAt,
        String cancelTenant,
        Long reserved,
        Long heldSince,
        Long storingSince) {

    public Task {
        Objects.requireNonNull(requestId, "requestId");
        Objects.requireNonNull(phase, "phase");
    }

    static Task queued(final String requestId, final TaskRequest request, final long now, final long deadlineAt) {
        final TaskChange task = new TaskChange(requestId, now, deadlineAt);
        task.request = request;
        task.dueAt = now;
        return task.task();
    }

    /**
     * A queued task whose tenant has a budget: RESERVING, until its ledger grants the reservation,
     * in the due index at its deadline.
     */
    Task reserving() {
        final TaskChange next = changed();
        next.phase = TaskPhase.RESERVING;
        next.dueAt = deadlineAt;
        return next.task();
    }

    /** Its ledger reserved {@code amount} for it: it joins its queue, in the order it arrived. */
    Task granted(final long amount) {
        final TaskChange next = changed();
        next.phase = TaskPhase.QUEUED;
        next.dueAt = receivedAt;
        next.reserved = amount;
        next.heldSince = null;
        return next.task();
    }

    /** Its ledger had no room for it: it waits, still RESERVING. */
    Task held(final long now) {
        final TaskChange next = changed();
        next.heldSince = heldSince != null ? heldSince : now;
        return next.task();
    }

    /** Its tenant's ledger has a claim of it to settle at its end: a reservation, or a wait for one. */
    boolean budgeted() {
        return phase == TaskPhase.RESERVING || reserved != null;
    }

    /**
     * The marker of a request whose cancel was read before it (the two topics are read
     * independently): DONE until {@code forgetAt}, so that the request, should it come, ends
     * CANCELLED at intake.
     */
    static Task cancelledBeforeItsRequest(
            final String requestId, final String tenant, final long now, final long forgetAt) {
        final TaskChange marker =
                queued(requestId, null, now, now).done(now, forgetAt).changed();
        marker.cancelRequestedAt = now;
        marker.cancelTenant = tenant;
        return marker.task();
    }

    /** A marker left by {@link #cancelledBeforeItsRequest}. */
    boolean isEarlyCancel() {
        return phase == TaskPhase.DONE && cancelRequestedAt != null && submissions == 0;
    }

    /** Upstream calls spent on it so far. */
    int attempts() {
        return submissions + queries;
    }

    boolean live() {
        return phase != TaskPhase.DONE;
    }

    Task dueAt(final long when) {
        final TaskChange next = changed();
        next.dueAt = when;
        return next.task();
    }

    Task submitting(final long checkBackAt) {
        final TaskChange next = changed();
        next.phase = TaskPhase.SUBMITTING;
        next.dueAt = checkBackAt;
        next.submissions++;
        return next.task();
    }

    /** Marked SUBMITTING, but its call was never sent: that submission does not count. */
    Task unsent() {
        final TaskChange next = changed();
        next.submissions = Math.max(0, submissions - 1);
        return next.task();
    }

    Task accepted(final String upstreamTaskId, final long now, final long firstPollAt) {
        final TaskChange next = changed();
        next.phase = TaskPhase.PENDING;
        next.dueAt = firstPollAt;
        next.taskId = upstreamTaskId;
        next.submittedAt = now;
        next.notFoundSince = null;
        next.retries = 0;
        next.lastError = null;
        return next.task();
    }

    Task polling(final long checkBackAt) {
        final TaskChange next = changed();
        next.dueAt = checkBackAt;
        next.queries++;
        return next.task();
    }

    /** Back to the queue (or, when PENDING, to the next poll) after a failure worth retrying. */
    Task retry(final TaskPhase phase, final long dueAt, final String error) {
        final TaskChange next = changed();
        next.phase = phase;
        next.dueAt = dueAt;
        next.retries++;
        next.lastError = error;
        return next.task();
    }

    /** Still running upstream: poll again at {@code dueAt}. */
    Task stillRunning(final long dueAt, final Long createdAt) {
        final TaskChange next = changed();
        next.dueAt = dueAt;
        next.taskCreatedAt = createdAt != null ? createdAt : taskCreatedAt;
        next.notFoundSince = null;
        next.retries = 0;
        next.lastError = null;
        return next.task();
    }

    Task notFound(final long since, final long dueAt) {
        final TaskChange next = changed();
        next.dueAt = dueAt;
        next.notFoundSince = since;
        next.lastError = "the upstream does not know the task (404)";
        return next.task();
    }

    /** A webhook signalled the task: remember it (and the task id it carried, if any). */
    Task signalled(final String upstreamTaskId, final long dueAt) {
        final TaskChange next = changed();
        next.dueAt = dueAt;
        next.signalled = true;
        next.announcedTaskId = upstreamTaskId != null ? upstreamTaskId : announcedTaskId;
        return next.task();
    }

    /** A verified webhook reported how the task ended: applied at {@code dueAt} instead of a query. */
    Task reported(final TaskReport how, final String upstreamTaskId, final long dueAt) {
        final TaskChange next = changed();
        next.dueAt = dueAt;
        next.signalled = true;
        next.announcedTaskId = upstreamTaskId != null ? upstreamTaskId : announcedTaskId;
        next.report = how;
        return next.task();
    }

    /** A cancel came after the submission went out: remembered and shown, the task goes on. */
    Task cancelRequested(final long now) {
        final TaskChange next = changed();
        next.cancelRequestedAt = cancelRequestedAt != null ? cancelRequestedAt : now;
        return next.task();
    }

    /** Succeeded upstream: its video is to be copied to the store, at once. */
    Task storing(final TaskReport success, final long now) {
        final TaskChange next = changed();
        next.phase = TaskPhase.STORING;
        next.report = success;
        next.storingSince = now;
        next.dueAt = now;
        next.retries = 0;
        next.lastError = null;
        return next.task();
    }

    /** Its copy failed and is tried again at {@code dueAt}. */
    Task storeAgain(final long dueAt, final String error) {
        final TaskChange next = changed();
        next.dueAt = dueAt;
        next.retries++;
        next.lastError = error;
        return next.task();
    }

    /** The small marker left after the terminal event, until {@code forgetAt}. */
    Task done(final long now, final long forgetAt) {
        final TaskChange next = changed();
        next.phase = TaskPhase.DONE;
        next.request = null;
        next.dueAt = forgetAt;
        next.notFoundSince = null;
        next.lastError = null;
        next.finishedAt = now;
        next.signalled = false;
        next.announcedTaskId = null;
        next.report = null;
        next.reserved = null;
        next.heldSince = null;
        next.storingSince = null;
        return next.task();
    }

    private TaskChange changed() {
        return new TaskChange(this);
    }
}
