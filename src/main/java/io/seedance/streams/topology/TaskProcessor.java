package io.seedance.streams.topology;

import io.github.resilience4j.core.IntervalFunction;
import io.seedance.streams.schemas.FailureReason;
import io.seedance.streams.schemas.VideoFailed;
import io.seedance.streams.schemas.VideoRequest;
import io.seedance.streams.topology.ProcessorMetrics.Counter;
import io.seedance.streams.topology.UpstreamGate.Call;
import io.seedance.streams.upstream.ApiOutcome;
import io.seedance.streams.upstream.SeedanceApi;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns requests into upstream tasks and tasks into terminal events, without ever waiting on the
 * network.
 * <ul>
 *   <li>{@link #process} only validates, deduplicates and stores the task, due now.</li>
 *   <li>A wall-clock sweep applies the answers that arrived since the last sweep, fires the
 *       submissions marked in the last sweep (their SUBMITTING mark has been committed since), and
 *       takes due tasks from the index, lane by lane, while the {@link UpstreamGate} grants
 *       permits. Calls complete on HTTP threads into a queue; only the stream thread touches the
 *       stores and forwards records.</li>
 *   <li>Backoff, retry counts and deadlines live in the task record, so they survive restarts.</li>
 * </ul>
 */
final class TaskProcessor implements Processor<String, VideoRequest, String, SpecificRecord> {

    private static final Logger LOG = LoggerFactory.getLogger(TaskProcessor.class);

    /** An answer, and when its call went out (wall clock). */
    private record Completion(String requestId, Call call, ApiOutcome outcome, long askedAt) {}

    private final ProcessorConfig config;
    private final SeedanceApi api;
    private final UpstreamGate gate;
    private final ProcessorMetrics metrics;
    private final PollPlanner polls;
    private final IntervalFunction retryBackoff;
    private final Queue<Completion> completions = new ConcurrentLinkedQueue<>();
    /** Requests with a call in flight from this processor. Stream thread only. */
    private final Set<String> calling = new HashSet<>();
    /** Marked SUBMITTING in the last sweep; fired in the next, once the mark is committed. */
    private final List<String> marked = new ArrayList<>();

    private ProcessorContext<String, SpecificRecord> context;
    private KeyValueStore<String, Task> tasks;
    private DueIndex index;
    /** This processor's tasks by phase, given back to the shared metrics on close. */
    private final int[] ownedByPhase = new int[TaskPhase.values().length];
    /** Receipt times of this processor's live tasks (a multiset), read by the metrics thread. */
    private final java.util.concurrent.ConcurrentSkipListMap<Long, Integer> liveReceivedAt =
            new java.util.concurrent.ConcurrentSkipListMap<>();

    private final java.util.function.Supplier<java.util.OptionalLong> oldest = () -> {
        final java.util.Map.Entry<Long, Integer> first = liveReceivedAt.firstEntry();
        return first == null ? java.util.OptionalLong.empty() : java.util.OptionalLong.of(first.getKey());
    };
    private volatile boolean closed;

    TaskProcessor(
            final ProcessorConfig config,
            final SeedanceApi api,
            final UpstreamGate gate,
            final ProcessorMetrics metrics,
            final PollPlanner polls) {
        this.config = config;
        this.api = api;
        this.gate = gate;
        this.metrics = metrics;
        this.polls = polls;
        this.retryBackoff = IntervalFunction.ofExponentialRandomBackoff(
                config.retryInitial(), config.retryMultiplier(), config.retryJitter(), config.maxRetryInterval());
    }

    @Override
    public void init(final ProcessorContext<String, SpecificRecord> context) {
        this.context = context;
        this.tasks = context.getStateStore(SeedanceTopology.TASK_STORE);
        this.index = new DueIndex(context.getStateStore(SeedanceTopology.INDEX_STORE));
        try (KeyValueIterator<String, Task> all = tasks.all()) {
            all.forEachRemaining(entry -> {
                countPhase(null, entry.value.phase());
                if (entry.value.live()) {
                    liveReceivedAt.merge(entry.value.receivedAt(), 1, Integer::sum);
                }
            });
        }
        metrics.watchOldest(oldest);
        gate.tasksAdopted(ownedInFlightUpstream());
        context.schedule(config.sweepInterval(), PunctuationType.WALL_CLOCK_TIME, this::sweep);
    }

    @Override
    public void process(final Record<String, VideoRequest> record) {
        final VideoRequest request = record.value();
        if (request == null) {
            return;
        }
        final long now = context.currentSystemTimeMs();
        final String id =
                request.getRequestId() != null && !request.getRequestId().isBlank()
                        ? request.getRequestId()
                        : record.key();
        final Task known = id == null || id.length() > RequestValidator.MAX_REQUEST_ID_LENGTH ? null : tasks.get(id);
        if (known != null) {
            metrics.increment(Counter.REQUESTS_DUPLICATE);
            LOG.debug("Duplicate request_id={} ignored: its task is {}", id, known.phase());
            return;
        }
        final List<String> problems = RequestValidator.problems(record.key(), request);
        if (!problems.isEmpty()) {
            final String message = String.join("; ", problems);
            metrics.increment(Counter.REQUESTS_INVALID);
            emitFailed(id, TerminalEvents.invalid(id, request, message, now), 0, now);
            LOG.info("Invalid request request_id={}: {}", id, message);
            if (id != null
                    && id.length() <= RequestValidator.MAX_REQUEST_ID_LENGTH
                    && id.equals(request.getRequestId())) {
                final Task marker = Task.queued(id, null, now, now)
                        .done(now, now + config.duplicateRetention().toMillis());
                put(null, marker);
            }
            return;
        }
        final Task task = Task.queued(
                id,
                TaskRequest.of(request, record.timestamp()),
                now,
                now + config.taskDeadline().toMillis());
        put(null, task);
        metrics.increment(Counter.REQUESTS_ACCEPTED);
        LOG.info("Request request_id={} queued", id);
    }

    /** The wall-clock punctuation: the only place that talks to the upstream. */
    void sweep(final long now) {
        applyCompletions(now);
        fireMarked(now);
        for (final DueIndex.Lane lane : DueIndex.Lane.values()) {
            sweepLane(lane, now);
        }
    }

    private void sweepLane(final DueIndex.Lane lane, final long now) {
        for (final DueIndex.Entry entry : index.due(lane, now, config.maxDuePerSweep())) {
            final Task task = tasks.get(entry.requestId());
            if (task == null || task.dueAt() != entry.dueAt() || DueIndex.laneOf(task) != lane) {
                index.remove(entry);
                continue;
            }
            final boolean proceed = switch (task.phase()) {
                case QUEUED -> trySubmit(task, now);
                case SUBMITTING -> checkBack(task, now);
                case PENDING -> tryQuery(task, now);
                case DONE -> forget(task);
            };
            if (!proceed) {
                return;
            }
        }
    }

    /** Marks the task SUBMITTING when a permit is free; false when none is, which ends the lane's sweep. */
    private boolean trySubmit(final Task task, final long now) {
        if (now >= task.deadlineAt()) {
            fail(
                    task,
                    FailureReason.TIMED_OUT,
                    "no submission was accepted before the task deadline (" + config.taskDeadline() + ")"
                            + lastError(task),
                    true,
                    now);
            return true;
        }
        if (!gate.tryAcquire(Call.SUBMIT, now)) {
            return false;
        }
        put(task, task.submitting(now + checkBackDelay()));
        marked.add(task.requestId());
        // The mark must be durable before the call goes out: ask for a commit now, fire next sweep.
        context.commit();
        return true;
    }

    private void fireMarked(final long now) {
        for (final String id : marked) {
            final Task task = tasks.get(id);
            if (gate.isDraining()) {
                // Stopping: this call never went out, so the task is simply queued again.
                gate.cancelled();
                put(task, task.retry(TaskPhase.QUEUED, now, task.lastError()));
                continue;
            }
            calling.add(id);
            final Optional<java.net.URI> callbackUrl = config.callbacks().map(signer -> signer.urlFor(id));
            call(id, Call.SUBMIT, () -> api.generate(task.request().toGeneration(callbackUrl)));
        }
        marked.clear();
    }

    /** A SUBMITTING task came due: its call is still out, or its outcome was lost with a crash. */
    private boolean checkBack(final Task task, final long now) {
        if (calling.contains(task.requestId()) || marked.contains(task.requestId())) {
            put(task, task.dueAt(now + checkBackDelay()));
            return true;
        }
        if (task.announcedTaskId() != null) {
            // A webhook told us the task id the lost answer carried: nothing to resubmit.
            metrics.increment(Counter.OUTCOME_RECOVERED_BY_CALLBACK);
            put(task, task.accepted(task.announcedTaskId(), now, now));
            LOG.info(
                    "Request request_id={} recovered task_id={} from a webhook after a restart",
                    task.requestId(),
                    task.announcedTaskId());
        } else if (config.outcomeUnknownPolicy() == ProcessorConfig.OutcomeUnknownPolicy.FAIL) {
            metrics.increment(Counter.OUTCOME_UNKNOWN_FAILED);
            fail(
                    task,
                    FailureReason.SUBMISSION_OUTCOME_UNKNOWN,
                    "the service stopped while submitting; whether the"
                            + " upstream created a task is unknown, and the at-most-once policy forbids a resubmission",
                    true,
                    now);
        } else {
            metrics.increment(Counter.OUTCOME_UNKNOWN_RESUBMITTED);
            LOG.warn(
                    "Request request_id={} was being submitted when the service stopped; submitting it again",
                    task.requestId());
            put(task, task.retry(TaskPhase.QUEUED, now, "submission outcome unknown after a restart"));
        }
        return true;
    }

    private boolean tryQuery(final Task task, final long now) {
        if (now >= task.deadlineAt()) {
            fail(
                    task,
                    FailureReason.TIMED_OUT,
                    "task " + task.taskId() + " did not finish before the task deadline (" + config.taskDeadline() + ")"
                            + lastError(task),
                    true,
                    now);
            return true;
        }
        if (calling.contains(task.requestId())) {
            put(task, task.dueAt(now + checkBackDelay()));
            return true;
        }
        if (task.report() != null
                && (task.announcedTaskId() == null || task.announcedTaskId().equals(task.taskId()))) {
            // A verified webhook already said how it ended: that is the answer a query would give.
            metrics.increment(Counter.CALLBACK_REPORTS_APPLIED);
            onQueried(task, task.report().outcome(task.taskId()), now, now);
            return true;
        }
        if (!gate.tryAcquire(Call.QUERY, now)) {
            return false;
        }
        put(task, task.polling(now + checkBackDelay()));
        calling.add(task.requestId());
        metrics.increment(Counter.QUERIES);
        final String taskId = task.taskId();
        call(task.requestId(), Call.QUERY, () -> api.query(taskId));
        return true;
    }

    private boolean forget(final Task marker) {
        index.remove(marker);
        tasks.delete(marker.requestId());
        countPhase(marker.phase(), null);
        return true;
    }

    private void countPhase(final TaskPhase from, final TaskPhase to) {
        if (from != null) {
            ownedByPhase[from.ordinal()]--;
        }
        if (to != null) {
            ownedByPhase[to.ordinal()]++;
        }
        metrics.phaseChanged(from, to);
    }

    private void call(
            final String requestId,
            final Call call,
            final java.util.function.Supplier<CompletableFuture<ApiOutcome>> request) {
        final long askedAt = context.currentSystemTimeMs();
        final long started = System.nanoTime();
        CompletableFuture<ApiOutcome> future;
        try {
            future = request.get();
        } catch (final RuntimeException e) {
            future = CompletableFuture.failedFuture(e);
        }
        future.whenComplete((outcome, error) -> {
            final ApiOutcome result = outcome != null
                    ? outcome
                    : new ApiOutcome.Transient(
                            ApiOutcome.Cause.CONNECTION, Optional.empty(), "the client failed: " + error);
            final long took = System.nanoTime() - started;
            gate.finished(result, took);
            if (result instanceof ApiOutcome.Transient failure && failure.cause() == ApiOutcome.Cause.RATE_LIMITED) {
                // Paused from the moment of the answer, not from the next sweep: the upstream's window
                // reopens after Retry-After from now, and every millisecond waited beyond it is lost.
                gate.rateLimited(
                        call,
                        failure.retryAfter().orElse(config.retryInitial()),
                        askedAt + TimeUnit.NANOSECONDS.toMillis(took));
            }
            metrics.upstreamCall(call, result, took);
            if (closed) {
                gate.applied();
            } else {
                completions.add(new Completion(requestId, call, result, askedAt));
            }
        });
    }

    private void applyCompletions(final long now) {
        Completion completion;
        while ((completion = completions.poll()) != null) {
            gate.applied();
            calling.remove(completion.requestId());
            final Task task = tasks.get(completion.requestId());
            if (task == null) {
                continue;
            }
            if (completion.call() == Call.SUBMIT && task.phase() == TaskPhase.SUBMITTING) {
                onSubmitted(task, completion.outcome(), now);
            } else if (completion.call() == Call.QUERY && task.phase() == TaskPhase.PENDING) {
                onQueried(task, completion.outcome(), completion.askedAt(), now);
            }
        }
    }

    private void onSubmitted(final Task task, final ApiOutcome outcome, final long now) {
        noteAuthorization(outcome);
        if (outcome instanceof ApiOutcome.Accepted accepted) {
            metrics.increment(Counter.SUBMISSIONS_ACCEPTED);
            // A webhook may have come before this answer: then the task is finished, query it at once.
            final long firstPoll = task.signalled() ? 0 : polls.firstPollDelay();
            put(task, task.accepted(accepted.taskId(), now, now + firstPoll));
            LOG.info("Request request_id={} submitted: task_id={}", task.requestId(), accepted.taskId());
        } else if (outcome instanceof ApiOutcome.Rejected rejected) {
            metrics.increment(Counter.SUBMISSIONS_REJECTED);
            fail(task, FailureReason.REJECTED_BY_API, rejected.message(), false, now);
        } else if (outcome instanceof ApiOutcome.Unauthorized denied) {
            put(
                    task,
                    task.retry(
                            TaskPhase.QUEUED, now + config.unauthorizedRetry().toMillis(), denied.message()));
        } else if (outcome instanceof ApiOutcome.NotFound missing) {
            LOG.error("The generate endpoint answered 404: is the Seedance base URL right? ({})", missing.message());
            put(
                    task,
                    task.retry(
                            TaskPhase.QUEUED, now + config.unauthorizedRetry().toMillis(), missing.message()));
        } else {
            metrics.increment(Counter.SUBMISSIONS_FAILED_TRANSIENT);
            put(
                    task,
                    task.retry(TaskPhase.QUEUED, now + retryDelay(task, outcome, Call.SUBMIT, now), describe(outcome)));
        }
    }

    private void onQueried(final Task task, final ApiOutcome outcome, final long askedAt, final long now) {
        noteAuthorization(outcome);
        if (outcome instanceof ApiOutcome.Succeeded succeeded) {
            if (task.submittedAt() != null) {
                polls.finished(task.submittedAt(), askedAt);
            }
            metrics.increment(Counter.COMPLETED);
            metrics.endToEnd("completed", now - task.request().requestedAt());
            metrics.finished(new ProcessorMetrics.Recent(
                    task.requestId(),
                    "completed",
                    now,
                    succeeded.status().videoUrl(),
                    now - task.request().requestedAt()));
            metrics.consumed(succeeded.status().consumed());
            context.forward(
                    new Record<>(task.requestId(), TerminalEvents.completed(task, succeeded.status(), now), now),
                    SeedanceTopology.COMPLETED_SINK);
            put(task, task.done(now, now + config.duplicateRetention().toMillis()));
            LOG.info(
                    "Request request_id={} completed: task_id={} after {} queries",
                    task.requestId(),
                    task.taskId(),
                    task.queries());
        } else if (outcome instanceof ApiOutcome.GenerationFailed failed) {
            fail(task, FailureReason.GENERATION_FAILED, failed.reason(), true, now);
        } else if (outcome instanceof ApiOutcome.Running running) {
            if (!running.recognised()) {
                metrics.increment(Counter.UNKNOWN_STATUS);
                LOG.warn(
                        "Task task_id={} of request_id={} has an unknown status '{}'; taken as still running",
                        task.taskId(),
                        task.requestId(),
                        running.status().status());
            }
            final Long createdAt = running.status().createdAt() != null
                    ? running.status().createdAt().toEpochMilli()
                    : null;
            put(task, task.stillRunning(now + polls.nextPollDelay(task, now), createdAt));
        } else if (outcome instanceof ApiOutcome.NotFound) {
            final long since = task.notFoundSince() != null ? task.notFoundSince() : now;
            if (now - since >= config.notFoundGrace().toMillis()) {
                fail(
                        task,
                        FailureReason.TASK_NOT_FOUND,
                        "the upstream did not know task " + task.taskId() + " for " + config.notFoundGrace()
                                + " (HTTP 404)",
                        true,
                        now);
            } else {
                put(task, task.notFound(since, now + polls.nextPollDelay(task, now)));
            }
        } else if (outcome instanceof ApiOutcome.Unauthorized denied) {
            put(
                    task,
                    task.retry(
                            TaskPhase.PENDING, now + config.unauthorizedRetry().toMillis(), denied.message()));
        } else {
            metrics.increment(Counter.QUERIES_FAILED_TRANSIENT);
            put(
                    task,
                    task.retry(TaskPhase.PENDING, now + retryDelay(task, outcome, Call.QUERY, now), describe(outcome)));
        }
    }

    private void fail(
            final Task task,
            final FailureReason reason,
            final String message,
            final boolean retriable,
            final long now) {
        metrics.increment(Counter.FAILED);
        final long endToEnd = task.request() == null ? 0 : now - task.request().requestedAt();
        if (task.request() != null) {
            metrics.endToEnd("failed", endToEnd);
        }
        emitFailed(task.requestId(), TerminalEvents.failed(task, reason, message, retriable, now), endToEnd, now);
        put(task, task.done(now, now + config.duplicateRetention().toMillis()));
        LOG.info("Request request_id={} failed: task_id={} {}: {}", task.requestId(), task.taskId(), reason, message);
    }

    /** What every video-failed event shares: its counter by error, the status page's list, the event itself. */
    private void emitFailed(
            final String requestId, final VideoFailed event, final long endToEndMillis, final long now) {
        metrics.failure(event.getError().name());
        metrics.finished(new ProcessorMetrics.Recent(
                requestId, "failed", now, event.getError() + ": " + event.getMessage(), endToEndMillis));
        context.forward(new Record<>(requestId, event, now), SeedanceTopology.FAILED_SINK);
    }

    /** Writes the task and moves its index entry; keeps the count of tasks in flight upstream. */
    private void put(final Task before, final Task after) {
        tasks.put(after.requestId(), after);
        index.move(before, after);
        if (before == null || before.phase() != after.phase()) {
            countPhase(before == null ? null : before.phase(), after.phase());
        }
        final boolean wasLive = before != null && before.live();
        if (!wasLive && after.live()) {
            liveReceivedAt.merge(after.receivedAt(), 1, Integer::sum);
        } else if (wasLive && !after.live()) {
            liveReceivedAt.computeIfPresent(before.receivedAt(), (at, n) -> n > 1 ? n - 1 : null);
        }
        if (before != null && inFlightUpstream(before) && !inFlightUpstream(after)) {
            gate.taskLeft();
        }
    }

    /** Tasks of this processor that are SUBMITTING or PENDING upstream. */
    private int ownedInFlightUpstream() {
        return ownedByPhase[TaskPhase.SUBMITTING.ordinal()] + ownedByPhase[TaskPhase.PENDING.ordinal()];
    }

    private static boolean inFlightUpstream(final Task task) {
        return task.phase() == TaskPhase.SUBMITTING || task.phase() == TaskPhase.PENDING;
    }

    private long retryDelay(final Task task, final ApiOutcome outcome, final Call call, final long now) {
        long delay = retryBackoff.apply(task.retries() + 1);
        if (outcome instanceof ApiOutcome.Transient failure) {
            if (failure.cause() == ApiOutcome.Cause.RATE_LIMITED) {
                metrics.increment(Counter.RATE_LIMITED);
                delay = Math.max(
                        delay,
                        failure.retryAfter().orElse(config.retryInitial()).toMillis());
            } else if (failure.retryAfter().isPresent()) {
                delay = Math.max(delay, failure.retryAfter().get().toMillis());
            }
        }
        return delay;
    }

    private long checkBackDelay() {
        return config.callTimeout().toMillis() * 2 + config.sweepInterval().toMillis() * 2;
    }

    private void noteAuthorization(final ApiOutcome outcome) {
        if (outcome instanceof ApiOutcome.Unauthorized) {
            metrics.increment(Counter.UNAUTHORIZED);
            gate.authorized(false);
        } else if (!(outcome instanceof ApiOutcome.Transient)) {
            gate.authorized(true);
        }
    }

    private static String describe(final ApiOutcome outcome) {
        return outcome instanceof ApiOutcome.Transient failure
                ? failure.cause() + ": " + failure.detail()
                : "unexpected answer " + outcome.getClass().getSimpleName();
    }

    private static String lastError(final Task task) {
        return task.lastError() == null ? "" : "; last error: " + task.lastError();
    }

    @Override
    public void close() {
        closed = true;
        // Answers that arrived but were never applied are dropped: the next owner resumes from the store.
        for (Completion dropped = completions.poll(); dropped != null; dropped = completions.poll()) {
            gate.applied();
        }
        gate.tasksAdopted(-ownedInFlightUpstream());
        metrics.tasksLeft(ownedByPhase);
        metrics.unwatchOldest(oldest);
    }
}
