package io.seedance.streams.topology;

import io.github.resilience4j.core.IntervalFunction;
import io.seedance.streams.schemas.FailureReason;
import io.seedance.streams.topology.ProcessorMetrics.Counter;
import io.seedance.streams.upstream.ApiOutcome;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.avro.specific.SpecificRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The task state machine of docs/design.md as functions from (task, what happened, now) to a
 * {@link Step}: the task's next state, the terminal event it emits if any, and what to count. No
 * store, no context, no network: the processor applies the step. Delays come from the
 * {@link PollPlanner} (what the instance has learned of generation times) and a jittered backoff.
 */
final class Transitions {

    private static final Logger LOG = LoggerFactory.getLogger(Transitions.class);

    /**
     * A task's next state, the event it emits (a VideoCompleted or VideoFailed) if any, counters,
     * and, when it ends, what the upstream charged for it in millionths of a credit.
     */
    record Step(Task task, Optional<SpecificRecord> event, List<Counter> counters, long charged) {

        Step(final Task task, final Optional<SpecificRecord> event, final List<Counter> counters) {
            this(task, event, counters, 0);
        }

        static Step to(final Task task, final Counter... counters) {
            return new Step(task, Optional.empty(), List.of(counters));
        }

        /** The same step, ending a task the upstream charged {@code consumed} for (its decimal spelling, or null). */
        Step charging(final String consumed) {
            return new Step(task, event, counters, Credits.charged(consumed));
        }
    }

    private final ProcessorConfig config;
    private final PollPlanner polls;
    private final IntervalFunction retryBackoff;
    /** Whether a succeeded task's video is copied to the store (STORING) before its event. */
    private final boolean storing;

    private final StoreTransitions store;

    Transitions(final ProcessorConfig config, final PollPlanner polls) {
        this(config, polls, false);
    }

    Transitions(final ProcessorConfig config, final PollPlanner polls, final boolean storing) {
        this.config = config;
        this.polls = polls;
        this.storing = storing;
        this.retryBackoff = IntervalFunction.ofExponentialRandomBackoff(
                config.retryInitial(), config.retryMultiplier(), config.retryJitter(), config.maxRetryInterval());
        this.store = new StoreTransitions(config, retryBackoff);
    }

    /** A queued (or reserving) task whose deadline passed before any submission was accepted. */
    Step queuedPastDeadline(final Task task, final long now) {
        return fail(
                task,
                FailureReason.TIMED_OUT,
                "no submission was accepted before " + deadlineOf(task)
                        + (task.heldSince() != null ? "; it waited for room in its tenant's budget" : "")
                        + lastError(task),
                null,
                now);
    }

    /** What happens to STORING tasks. */
    StoreTransitions store() {
        return store;
    }

    /** A task whose tenant's ledger refused its reservation; {@code why} names the budget and the period. */
    Step overBudget(final Task task, final String why, final long now) {
        return fail(task, FailureReason.BUDGET_EXCEEDED, why, null, now);
    }

    /** A task cancelled before any upstream call; {@code reason} is the cancel's, or null. */
    Step cancelled(final Task task, final String reason, final long now) {
        return fail(
                task,
                FailureReason.CANCELLED,
                "cancelled before submission" + (reason == null ? "" : ": " + reason),
                null,
                now);
    }

    /** The deadline a task keeps: the request's own when it comes first, else the service's task deadline. */
    private String deadlineOf(final Task task) {
        final Long requested = task.request() == null ? null : task.request().deadline();
        return requested != null && requested <= task.deadlineAt()
                ? "the request's deadline (" + Instant.ofEpochMilli(requested) + ")"
                : "the task deadline (" + config.taskDeadline() + ")";
    }

    /** A submitted task that did not finish before its deadline. */
    Step pendingPastDeadline(final Task task, final long now) {
        return fail(
                task,
                FailureReason.TIMED_OUT,
                "task " + task.taskId() + " did not finish before " + deadlineOf(task) + lastError(task),
                null,
                now);
    }

    /** A task found SUBMITTING with no call out: the service stopped while submitting it. */
    Step submissionOutcomeUnknown(final Task task, final long now) {
        if (task.announcedTaskId() != null) {
            // A webhook told us the task id the lost answer carried: nothing to resubmit.
            LOG.info(
                    "Request request_id={} recovered task_id={} from a webhook after a restart",
                    task.requestId(),
                    task.announcedTaskId());
            return Step.to(task.accepted(task.announcedTaskId(), now, now), Counter.OUTCOME_RECOVERED_BY_CALLBACK);
        }
        if (config.outcomeUnknownPolicy() == ProcessorConfig.OutcomeUnknownPolicy.FAIL) {
            return fail(
                    task,
                    FailureReason.SUBMISSION_OUTCOME_UNKNOWN,
                    "the service stopped while submitting; whether the upstream created a task is unknown,"
                            + " and the at-most-once policy forbids a resubmission",
                    null,
                    now,
                    Counter.OUTCOME_UNKNOWN_FAILED);
        }
        LOG.warn(
                "Request request_id={} was being submitted when the service stopped; submitting it again",
                task.requestId());
        return Step.to(
                task.retry(TaskPhase.QUEUED, now, "submission outcome unknown after a restart"),
                Counter.OUTCOME_UNKNOWN_RESUBMITTED);
    }

    /** The answer to a submission. */
    Step submitted(final Task task, final ApiOutcome outcome, final long now) {
        if (outcome instanceof ApiOutcome.Accepted accepted) {
            // A webhook may have come before this answer: then the task is finished, query it at once.
            final long firstPoll = task.signalled() ? 0 : polls.firstPollDelay();
            LOG.info("Request request_id={} submitted: task_id={}", task.requestId(), accepted.taskId());
            return Step.to(task.accepted(accepted.taskId(), now, now + firstPoll), Counter.SUBMISSIONS_ACCEPTED);
        }
        if (outcome instanceof ApiOutcome.Rejected rejected) {
            return fail(
                    task,
                    FailureReason.REJECTED_BY_API,
                    rejected.message(),
                    rejected.upstreamMessage(),
                    now,
                    Counter.SUBMISSIONS_REJECTED);
        }
        if (outcome instanceof ApiOutcome.Unauthorized denied) {
            return Step.to(task.retry(
                    TaskPhase.QUEUED, now + config.unauthorizedRetry().toMillis(), denied.message()));
        }
        if (outcome instanceof ApiOutcome.NotFound missing) {
            LOG.error("The generate endpoint answered 404: is the Seedance base URL right? ({})", missing.message());
            return Step.to(task.retry(
                    TaskPhase.QUEUED, now + config.unauthorizedRetry().toMillis(), missing.message()));
        }
        return retry(task, TaskPhase.QUEUED, outcome, now, Counter.SUBMISSIONS_FAILED_TRANSIENT);
    }

    /** The answer to a query (or a verified webhook's report, read the same way). */
    Step queried(final Task task, final ApiOutcome outcome, final long now) {
        if (outcome instanceof ApiOutcome.Succeeded succeeded && storing) {
            LOG.info(
                    "Request request_id={} succeeded: task_id={}; copying its video to the store",
                    task.requestId(),
                    task.taskId());
            return Step.to(task.storing(TaskReport.of(succeeded.status()), now));
        }
        if (outcome instanceof ApiOutcome.Succeeded succeeded) {
            LOG.info(
                    "Request request_id={} completed: task_id={} after {} queries",
                    task.requestId(),
                    task.taskId(),
                    task.queries());
            return new Step(
                            task.done(now, now + config.duplicateRetention().toMillis()),
                            Optional.of(TerminalEvents.completed(task, succeeded.status(), now)),
                            List.of(Counter.COMPLETED))
                    .charging(succeeded.status().consumed());
        }
        if (outcome instanceof ApiOutcome.GenerationFailed failed) {
            return fail(
                            task,
                            FailureReason.GENERATION_FAILED,
                            failed.reason(),
                            failed.status().reason(),
                            now)
                    .charging(failed.status().consumed());
        }
        if (outcome instanceof ApiOutcome.Running running) {
            final Long createdAt = running.status().createdAt() != null
                    ? running.status().createdAt().toEpochMilli()
                    : null;
            final Task next = task.stillRunning(now + polls.nextPollDelay(task, now), createdAt);
            if (running.recognised()) {
                return Step.to(next);
            }
            LOG.warn(
                    "Task task_id={} of request_id={} has an unknown status '{}'; taken as still running",
                    task.taskId(),
                    task.requestId(),
                    running.status().status());
            return Step.to(next, Counter.UNKNOWN_STATUS);
        }
        if (outcome instanceof ApiOutcome.NotFound) {
            final long since = task.notFoundSince() != null ? task.notFoundSince() : now;
            if (now - since >= config.notFoundGrace().toMillis()) {
                return fail(
                        task,
                        FailureReason.TASK_NOT_FOUND,
                        "the upstream did not know task " + task.taskId() + " for " + config.notFoundGrace()
                                + " (HTTP 404)",
                        null,
                        now);
            }
            return Step.to(task.notFound(since, now + polls.nextPollDelay(task, now)));
        }
        if (outcome instanceof ApiOutcome.Unauthorized denied) {
            return Step.to(task.retry(
                    TaskPhase.PENDING, now + config.unauthorizedRetry().toMillis(), denied.message()));
        }
        return retry(task, TaskPhase.PENDING, outcome, now, Counter.QUERIES_FAILED_TRANSIENT);
    }

    /**
     * What every video-failed event of a known task shares: the event (its category and whether it
     * is worth retrying read from {@code upstreamMessage}, the upstream's own words or null), the
     * done marker, the count.
     */
    private Step fail(
            final Task task,
            final FailureReason reason,
            final String message,
            final String upstreamMessage,
            final long now,
            final Counter... also) {
        LOG.info("Request request_id={} failed: task_id={} {}: {}", task.requestId(), task.taskId(), reason, message);
        final List<Counter> counters = new ArrayList<>(List.of(also));
        counters.add(Counter.FAILED);
        return new Step(
                task.done(now, now + config.duplicateRetention().toMillis()),
                Optional.of(TerminalEvents.failed(task, reason, message, upstreamMessage, now)),
                counters);
    }

    /** Back to {@code phase} after a transient failure, with a jittered backoff that honours Retry-After. */
    private Step retry(
            final Task task, final TaskPhase phase, final ApiOutcome outcome, final long now, final Counter counter) {
        long delay = retryBackoff.apply(task.retries() + 1);
        final List<Counter> counters = new ArrayList<>(List.of(counter));
        if (outcome instanceof ApiOutcome.Transient failure) {
            if (failure.cause() == ApiOutcome.Cause.RATE_LIMITED) {
                counters.add(Counter.RATE_LIMITED);
                delay = Math.max(
                        delay,
                        failure.retryAfter().orElse(config.retryInitial()).toMillis());
            } else if (failure.retryAfter().isPresent()) {
                delay = Math.max(delay, failure.retryAfter().get().toMillis());
            }
        }
        return new Step(task.retry(phase, now + delay, describe(outcome)), Optional.empty(), counters);
    }

    /** How long a call may be out before its task is looked at again. */
    long checkBackDelay() {
        return config.callTimeout().toMillis() * 2 + config.sweepInterval().toMillis() * 2;
    }

    private static String describe(final ApiOutcome outcome) {
        return outcome instanceof ApiOutcome.Transient failure
                ? failure.cause() + ": " + failure.detail()
                : "unexpected answer " + outcome.getClass().getSimpleName();
    }

    private static String lastError(final Task task) {
        return task.lastError() == null ? "" : "; last error: " + task.lastError();
    }
}
