package io.seedance.streams.topology;

/**
 * A copy of a {@link Task} whose fields a transition changes, one by one, before it becomes a task
 * again: a transition names only what it changes, and a field added to the task is copied here
 * once.
 */
final class TaskChange {

    final String requestId;
    final long receivedAt;
    final long deadlineAt;
    TaskPhase phase;
    TaskRequest request;
    long dueAt;
    String taskId;
    Long submittedAt;
    Long taskCreatedAt;
    Long notFoundSince;
    int submissions;
    int queries;
    int retries;
    String lastError;
    Long finishedAt;
    boolean signalled;
    String announcedTaskId;
    TaskReport report;
    Long cancelRequestedAt;
    String cancelTenant;
    Long reserved;
    Long heldSince;
    Long storingSince;

    /** A new task: QUEUED, due at once, nothing done yet. */
    TaskChange(final String requestId, final long receivedAt, final long deadlineAt) {
        this.requestId = requestId;
        this.receivedAt = receivedAt;
        this.deadlineAt = deadlineAt;
        this.phase = TaskPhase.QUEUED;
        this.dueAt = receivedAt;
    }

    /** A copy of {@code task}. */
    TaskChange(final Task task) {
        requestId = task.requestId();
        receivedAt = task.receivedAt();
        deadlineAt = task.deadlineAt();
        phase = task.phase();
        request = task.request();
        dueAt = task.dueAt();
        taskId = task.taskId();
        submittedAt = task.submittedAt();
        taskCreatedAt = task.taskCreatedAt();
        notFoundSince = task.notFoundSince();
        submissions = task.submissions();
        queries = task.queries();
        retries = task.retries();
        lastError = task.lastError();
        finishedAt = task.finishedAt();
        signalled = task.signalled();
        announcedTaskId = task.announcedTaskId();
        report = task.report();
        cancelRequestedAt = task.cancelRequestedAt();
        cancelTenant = task.cancelTenant();
        reserved = task.reserved();
        heldSince = task.heldSince();
        storingSince = task.storingSince();
    }

    Task task() {
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
                signalled,
                announcedTaskId,
                report,
                cancelRequestedAt,
                cancelTenant,
                reserved,
                heldSince,
                storingSince);
    }
}
