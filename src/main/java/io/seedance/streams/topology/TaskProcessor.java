package io.seedance.streams.topology;

import io.seedance.streams.schemas.Priority;
import io.seedance.streams.schemas.VideoCompleted;
import io.seedance.streams.schemas.VideoFailed;
import io.seedance.streams.schemas.VideoRequest;
import io.seedance.streams.topology.CallDispatcher.Completion;
import io.seedance.streams.topology.ProcessorMetrics.Counter;
import io.seedance.streams.topology.Transitions.Step;
import io.seedance.streams.topology.UpstreamGate.Call;
import io.seedance.streams.upstream.ApiOutcome;
import io.seedance.streams.upstream.SeedanceApi;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
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
 *       permits.</li>
 * </ul>
 * The {@link TaskStore} keeps the tasks and their counts, {@link Transitions} decides each next
 * state, the {@link CallDispatcher} sends calls and brings their answers back to this thread.
 */
final class TaskProcessor implements Processor<String, VideoRequest, String, SpecificRecord> {

    private static final Logger LOG = LoggerFactory.getLogger(TaskProcessor.class);

    private final ProcessorConfig config;
    private final SeedanceApi api;
    private final UpstreamGate gate;
    private final ProcessorMetrics metrics;
    private final PollPlanner polls;
    private final DispatchOrder order;
    private final Transitions transitions;
    /** Marked SUBMITTING in the last sweep; fired in the next, once the mark is committed. */
    private final List<String> marked = new ArrayList<>();

    private ProcessorContext<String, SpecificRecord> context;
    private TaskStore tasks;
    private CallDispatcher calls;
    /** This partition's name in the instance's {@link DispatchOrder}. */
    private String partition;

    TaskProcessor(
            final ProcessorConfig config,
            final SeedanceApi api,
            final UpstreamGate gate,
            final ProcessorMetrics metrics,
            final PollPlanner polls,
            final DispatchOrder order) {
        this.config = config;
        this.api = api;
        this.gate = gate;
        this.metrics = metrics;
        this.polls = polls;
        this.order = order;
        this.transitions = new Transitions(config, polls);
    }

    @Override
    public void init(final ProcessorContext<String, SpecificRecord> context) {
        this.context = context;
        this.partition = context.taskId().toString();
        final QueuedTasks queued = new QueuedTasks(partition, order);
        order.swept(partition, context.currentSystemTimeMs());
        order.register(partition, queued);
        this.tasks = TaskStore.own(context, metrics, gate, order.quotas(), queued);
        this.calls = new CallDispatcher(gate, metrics, config.retryInitial(), context::currentSystemTimeMs);
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
        try (LogFields fields = LogFields.of(id, null)) {
            accept(record, request, id, now);
        }
    }

    private void accept(
            final Record<String, VideoRequest> record, final VideoRequest request, final String id, final long now) {
        final Task known = id == null || id.length() > RequestValidator.MAX_REQUEST_ID_LENGTH ? null : tasks.get(id);
        if (known != null) {
            metrics.increment(Counter.REQUESTS_DUPLICATE);
            LOG.debug("Duplicate request_id={} ignored: its task is {}", id, known.phase());
            return;
        }
        final List<String> problems = RequestValidator.problems(record.key(), request);
        if (!problems.isEmpty()) {
            refuse(id, request, String.join("; ", problems), now);
            return;
        }
        // Queued by level and tenant: the instance's dispatch order learns of it at once.
        tasks.put(
                null,
                Task.queued(
                        id,
                        TaskRequest.of(request, record.timestamp(), levelOf(request)),
                        now,
                        now + config.taskDeadline().toMillis()));
        metrics.increment(Counter.REQUESTS_ACCEPTED);
        LOG.info("Request request_id={} queued", id);
    }

    /** Its priority; else its tenant's default priority, as the tenants topic says now; else STANDARD. */
    private Priority levelOf(final VideoRequest request) {
        if (request.getPriority() != null) {
            return request.getPriority();
        }
        final Priority byTenant = order.policies()
                .of(request.getTenant() == null ? Tenants.DEFAULT : request.getTenant())
                .defaultPriority();
        return byTenant != null ? byTenant : Priority.STANDARD;
    }

    /** An invalid request: its event, and a done marker so that a replay is refused the same way. */
    private void refuse(final String id, final VideoRequest request, final String message, final long now) {
        metrics.increment(Counter.REQUESTS_INVALID);
        emitFailed(id, TerminalEvents.invalid(id, request, message, now), 0, now);
        LOG.info("Invalid request request_id={}: {}", id, message);
        if (id != null && id.length() <= RequestValidator.MAX_REQUEST_ID_LENGTH && id.equals(request.getRequestId())) {
            tasks.put(
                    null,
                    Task.queued(id, null, now, now)
                            .done(now, now + config.duplicateRetention().toMillis()));
        }
    }

    /** The wall-clock punctuation: the only place that talks to the upstream. */
    void sweep(final long now) {
        calls.drainTo(completion -> apply(completion, now));
        fireMarked(now);
        order.swept(partition, now);
        submitQueued(now);
        for (final DueIndex.Lane lane : DueIndex.Lane.values()) {
            sweepLane(lane, now);
        }
    }

    /**
     * Submits this partition's queued tasks while the instance's {@link DispatchOrder} grants it a
     * permit: its queue whose head goes first, when fewer heads of other queues go before it than
     * there are permits. The rest wait for this partition's next sweep.
     */
    private void submitQueued(final long now) {
        for (int i = 0; i < config.maxDuePerSweep(); i++) {
            final Optional<QueuedTasks.Queue> granted = order.grant(partition, gate::submissionsAvailable, now);
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
            final boolean submitted;
            try (LogFields fields = LogFields.of(task)) {
                submitted = trySubmit(task, queue, now);
            }
            if (!submitted) {
                return;
            }
        }
    }

    /** Works through the lane's due tasks until one cannot go now. */
    private void sweepLane(final DueIndex.Lane lane, final long now) {
        for (final DueIndex.Entry entry : tasks.due(lane, now, config.maxDuePerSweep())) {
            final Task task = tasks.get(entry.requestId());
            if (!tasks.isCurrent(entry, task)) {
                continue;
            }
            final boolean proceed;
            try (LogFields fields = LogFields.of(task)) {
                proceed = switch (task.phase()) {
                    case QUEUED -> throw new IllegalStateException("a queued task is never in the due index");
                    case SUBMITTING -> checkBack(task, now);
                    case PENDING -> tryQuery(task, now);
                    case DONE -> forget(task);
                };
            }
            if (!proceed) {
                return;
            }
        }
    }

    /**
     * Marks the first task of a granted queue SUBMITTING when the gate agrees; false when it does
     * not, which ends this sweep's submissions.
     */
    private boolean trySubmit(final Task task, final QueuedTasks.Queue queue, final long now) {
        if (now >= task.deadlineAt()) {
            take(task, transitions.queuedPastDeadline(task, now), now);
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

    private void fireMarked(final long now) {
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

    /** A SUBMITTING task came due: its call is still out, or its outcome was lost with a crash. */
    private boolean checkBack(final Task task, final long now) {
        if (calls.isCalling(task.requestId()) || marked.contains(task.requestId())) {
            tasks.put(task, task.dueAt(now + transitions.checkBackDelay()));
        } else {
            take(task, transitions.submissionOutcomeUnknown(task, now), now);
        }
        return true;
    }

    private boolean tryQuery(final Task task, final long now) {
        if (now >= task.deadlineAt()) {
            take(task, transitions.pendingPastDeadline(task, now), now);
            return true;
        }
        if (calls.isCalling(task.requestId())) {
            tasks.put(task, task.dueAt(now + transitions.checkBackDelay()));
            return true;
        }
        if (task.report() != null
                && (task.announcedTaskId() == null || task.announcedTaskId().equals(task.taskId()))) {
            // A verified webhook already said how it ended: that is the answer a query would give.
            metrics.increment(Counter.CALLBACK_REPORTS_APPLIED);
            answered(task, task.report().outcome(task.taskId()), now, now);
            return true;
        }
        if (!gate.tryAcquire(Call.QUERY, now)) {
            return false;
        }
        tasks.put(task, task.polling(now + transitions.checkBackDelay()));
        metrics.increment(Counter.QUERIES);
        final String taskId = task.taskId();
        calls.send(task.requestId(), Call.QUERY, () -> api.query(taskId));
        return true;
    }

    private boolean forget(final Task marker) {
        tasks.forget(marker);
        return true;
    }

    /** An answer that came back: applied when the task still waits for it, ignored otherwise. */
    private void apply(final Completion completion, final long now) {
        final Task task = tasks.get(completion.requestId());
        if (task == null) {
            return;
        }
        try (LogFields fields = LogFields.of(task)) {
            applyTo(task, completion, now);
        }
    }

    private void applyTo(final Task task, final Completion completion, final long now) {
        if (completion.call() == Call.SUBMIT && task.phase() == TaskPhase.SUBMITTING) {
            noteAuthorization(completion.outcome());
            take(task, transitions.submitted(task, completion.outcome(), now), now);
        } else if (completion.call() == Call.QUERY && task.phase() == TaskPhase.PENDING) {
            answered(task, completion.outcome(), completion.askedAt(), now);
        }
    }

    private void answered(final Task task, final ApiOutcome outcome, final long askedAt, final long now) {
        noteAuthorization(outcome);
        if (outcome instanceof ApiOutcome.Succeeded && task.submittedAt() != null) {
            polls.finished(task.submittedAt(), askedAt);
        }
        take(task, transitions.queried(task, outcome, now), now);
    }

    /** Applies a step: the task's next state, its counters and its terminal event. */
    private void take(final Task task, final Step step, final long now) {
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
                emitFailed(task.requestId(), failed, endToEnd, now);
            }
        });
        tasks.put(task, step.task());
    }

    /** What every video-failed event shares: its counter by error, the status page's list, the event itself. */
    private void emitFailed(
            final String requestId, final VideoFailed event, final long endToEndMillis, final long now) {
        metrics.failure(event.getError().name());
        metrics.finished(new ProcessorMetrics.Recent(
                requestId, "failed", now, event.getError() + ": " + event.getMessage(), endToEndMillis));
        context.forward(new Record<>(requestId, event, now), SeedanceTopology.FAILED_SINK);
    }

    private void noteAuthorization(final ApiOutcome outcome) {
        if (outcome instanceof ApiOutcome.Unauthorized) {
            metrics.increment(Counter.UNAUTHORIZED);
            gate.authorized(false);
        } else if (!(outcome instanceof ApiOutcome.Transient)) {
            gate.authorized(true);
        }
    }

    @Override
    public void close() {
        // Answers that arrived but were never applied are dropped: the next owner resumes from the store.
        calls.close();
        tasks.close();
        order.unregister(partition);
    }
}
