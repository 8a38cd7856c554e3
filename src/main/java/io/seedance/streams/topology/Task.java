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
        TaskReport report) {

    public Task {
        Objects.requireNonNull(requestId, "requestId");
        Objects.requireNonNull(phase, "phase");
    }

    static Task queued(final String requestId, final TaskRequest request, final long now, final long deadlineAt) {
        return new Task(
                requestId,
                TaskPhase.QUEUED,
                request,
                now,
                deadlineAt,
                now,
                null,
                null,
                null,
                null,
                0,
                0,
                0,
                null,
                null,
                false,
                null,
                null);
    }

    /** Upstream calls spent on it so far. */
    int attempts() {
        return submissions + queries;
    }

    boolean live() {
        return phase != TaskPhase.DONE;
    }

    Task dueAt(final long when) {
        return new Task(
                requestId,
                phase,
                request,
                receivedAt,
                deadlineAt,
                when,
                taskId,
                submittedAt,
                taskCreatedAt,
                notFoundSince,
                submissions,
                queries,
                retries,
                lastError,
                finishedAt,
                signalled,
                announcedTaskId,
                report);
    }

    Task submitting(final long checkBackAt) {
        return new Task(
                requestId,
                TaskPhase.SUBMITTING,
                request,
                receivedAt,
                deadlineAt,
                checkBackAt,
                taskId,
                submittedAt,
                taskCreatedAt,
                notFoundSince,
                submissions + 1,
                queries,
                retries,
                lastError,
                finishedAt,
                signalled,
                announcedTaskId,
                report);
    }

    Task accepted(final String upstreamTaskId, final long now, final long firstPollAt) {
        return new Task(
                requestId,
                TaskPhase.PENDING,
                request,
                receivedAt,
                deadlineAt,
                firstPollAt,
                upstreamTaskId,
                now,
                taskCreatedAt,
                null,
                submissions,
                queries,
                0,
                null,
                finishedAt,
                signalled,
                announcedTaskId,
                report);
    }

    Task polling(final long checkBackAt) {
        return new Task(
                requestId,
                phase,
                request,
                receivedAt,
                deadlineAt,
                checkBackAt,
                taskId,
                submittedAt,
                taskCreatedAt,
                notFoundSince,
                submissions,
                queries + 1,
                retries,
                lastError,
                finishedAt,
                signalled,
                announcedTaskId,
                report);
    }

    /** Back to the queue (or, when PENDING, to the next poll) after a failure worth retrying. */
    Task retry(final TaskPhase next, final long dueAt, final String error) {
        return new Task(
                requestId,
                next,
                request,
                receivedAt,
                deadlineAt,
                dueAt,
                taskId,
                submittedAt,
                taskCreatedAt,
                notFoundSince,
                submissions,
                queries,
                retries + 1,
                error,
                finishedAt,
                signalled,
                announcedTaskId,
                report);
    }

    /** Still running upstream: poll again at {@code dueAt}. */
    Task stillRunning(final long dueAt, final Long createdAt) {
        return new Task(
                requestId,
                phase,
                request,
                receivedAt,
                deadlineAt,
                dueAt,
                taskId,
                submittedAt,
                createdAt != null ? createdAt : taskCreatedAt,
                null,
                submissions,
                queries,
                0,
                null,
                finishedAt,
                signalled,
                announcedTaskId,
                report);
    }

    Task notFound(final long since, final long dueAt) {
        return new Task(
                requestId,
                phase,
                request,
                receivedAt,
                deadlineAt,
                dueAt,
                taskId,
                submittedAt,
                taskCreatedAt,
                since,
                submissions,
                queries,
                retries,
                "the upstream does not know the task (404)",
                finishedAt,
                signalled,
                announcedTaskId,
                report);
    }

    /** A webhook signalled the task: remember it (and the task id it carried, if any). */
    Task signalled(final String upstreamTaskId, final long dueAt) {
        return new Task(
                requestId,
                phase,
                request,
                receivedAt,
                deadlineAt,
                dueAt,
                taskId,
                submittedAt,
                taskCreatedAt,
                notFoundSince,
                submissions,
                queries,
                retries,
                lastError,
                finishedAt,
                true,
                upstreamTaskId != null ? upstreamTaskId : announcedTaskId,
                report);
    }

    /** A verified webhook reported how the task ended: applied at {@code dueAt} instead of a query. */
    Task reported(final TaskReport how, final String upstreamTaskId, final long dueAt) {
        return new Task(
                requestId,
                phase,
                request,
                receivedAt,
                deadlineAt,
                dueAt,
                taskId,
                submittedAt,
                taskCreatedAt,
                notFoundSince,
                submissions,
                queries,
                retries,
                lastError,
                finishedAt,
                true,
                upstreamTaskId != null ? upstreamTaskId : announcedTaskId,
                how);
    }

    /** The small marker left after the terminal event, until {@code forgetAt}. */
    Task done(final long now, final long forgetAt) {
        return new Task(
                requestId,
                TaskPhase.DONE,
                null,
                receivedAt,
                deadlineAt,
                forgetAt,
                taskId,
                submittedAt,
                taskCreatedAt,
                null,
                submissions,
                queries,
                retries,
                null,
                now,
                false,
                null,
                null);
    }
}
