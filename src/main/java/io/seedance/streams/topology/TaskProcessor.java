package io.seedance.streams.topology;

import io.seedance.streams.schemas.VideoCancellation;
import io.seedance.streams.schemas.VideoRequest;
import io.seedance.streams.storage.VideoCopier;
import io.seedance.streams.topology.ProcessorMetrics.Counter;
import io.seedance.streams.topology.UpstreamGate.Call;
import io.seedance.streams.upstream.SeedanceApi;
import java.util.Optional;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;

/**
 * Turns requests into upstream tasks and tasks into terminal events, without ever waiting on the
 * network.
 * <ul>
 *   <li>{@link #process} only validates, deduplicates and stores the task, due now; or, for a
 *       cancellation, takes a request back ({@link Cancels}).</li>
 *   <li>A wall-clock sweep applies the answers that arrived since the last sweep, fires the
 *       submissions marked in the last sweep and marks new ones ({@link Submissions}), and takes
 *       due tasks from the index, lane by lane, while the {@link UpstreamGate} grants
 *       permits.</li>
 * </ul>
 * The {@link Intake} takes requests in, {@link Reservations} applies their budgets' decisions,
 * {@link Cancels} takes them back, the {@link AnswerApplier} applies the upstream's answers,
 * {@link Copies} copies their videos to the store, the {@link TaskStore} keeps the tasks,
 * {@link Transitions} decides each next state and the {@link StepApplier} makes it happen, the
 * {@link CallDispatcher} sends calls and brings their answers back to this thread.
 */
final class TaskProcessor implements Processor<String, Object, String, Object> {

    private final ProcessorConfig config;
    private final SeedanceApi api;
    private final UpstreamGate gate;
    private final ProcessorMetrics metrics;
    private final PollPlanner polls;
    private final DispatchOrder order;
    private final Transitions transitions;

    private ProcessorContext<String, Object> context;
    private TaskStore tasks;
    private CallDispatcher calls;
    private Submissions submissions;
    private StepApplier steps;
    private Intake intake;
    private Cancels cancels;
    private AnswerApplier answers;
    private Reservations reservations;
    private Copies copies;
    private final Optional<VideoCopier> copier;
    private final SubmissionHandover handover;
    /** This partition's name in the instance's {@link DispatchOrder}. */
    private String partition;

    TaskProcessor(
            final ProcessorConfig config,
            final SeedanceApi api,
            final UpstreamGate gate,
            final ProcessorMetrics metrics,
            final PollPlanner polls,
            final DispatchOrder order,
            final Optional<VideoCopier> copier,
            final SubmissionHandover handover) {
        this.config = config;
        this.handover = handover;
        this.api = api;
        this.gate = gate;
        this.metrics = metrics;
        this.polls = polls;
        this.order = order;
        this.copier = copier;
        this.transitions = new Transitions(config, polls, copier.isPresent());
    }

    @Override
    public void init(final ProcessorContext<String, Object> context) {
        this.context = context;
        this.partition = context.taskId().toString();
        final QueuedTasks queued = new QueuedTasks(partition, order);
        order.swept(partition, context.currentSystemTimeMs());
        order.register(partition, queued);
        this.tasks = TaskStore.own(context, metrics, gate, order.quotas(), queued);
        this.steps = new StepApplier(context, tasks, metrics);
        this.intake = new Intake(config, tasks, metrics, order.policies(), steps, transitions);
        this.calls = new CallDispatcher(gate, metrics, config.retryInitial(), context::currentSystemTimeMs, handover);
        this.submissions =
                new Submissions(config, api, gate, order, metrics, transitions, context, tasks, steps, calls);
        this.cancels = new Cancels(
                tasks,
                steps,
                transitions,
                gate,
                metrics,
                submissions::unmark,
                config.duplicateRetention().toMillis());
        this.answers = new AnswerApplier(tasks, steps, transitions, polls, gate, metrics);
        this.reservations = new Reservations(tasks, steps, transitions);
        this.copies = new Copies(
                copier,
                tasks,
                steps,
                transitions.store(),
                config.sweepInterval().toMillis());
        context.schedule(config.sweepInterval(), PunctuationType.WALL_CLOCK_TIME, this::sweep);
    }

    @Override
    public void process(final Record<String, Object> record) {
        final long now = context.currentSystemTimeMs();
        if (record.value() instanceof BudgetDecision decision) {
            try (LogFields fields = LogFields.of(decision.requestId(), null)) {
                reservations.decided(decision, now);
            }
            return;
        }
        if (record.value() instanceof VideoCancellation cancel) {
            try (LogFields fields = LogFields.of(cancel.getRequestId(), null)) {
                cancels.accept(record.key(), cancel, now);
            }
            return;
        }
        if (!(record.value() instanceof VideoRequest request)) {
            return;
        }
        final String id =
                request.getRequestId() != null && !request.getRequestId().isBlank()
                        ? request.getRequestId()
                        : record.key();
        try (LogFields fields = LogFields.of(id, null)) {
            intake.accept(record.withValue(request), request, id, now);
        }
    }

    /** The wall-clock punctuation: the only place that talks to the upstream. */
    void sweep(final long now) {
        calls.drainTo(completion -> answers.apply(completion, now));
        copies.drain(now);
        submissions.fireMarked(now);
        order.swept(partition, now);
        submissions.failQueuedPastDeadline(now);
        submissions.markQueued(now);
        for (final DueIndex.Lane lane : DueIndex.Lane.values()) {
            sweepLane(lane, now);
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
                    case RESERVING -> pastDeadline(task, now);
                    case STORING -> copies.due(task, now);
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

    /** A SUBMITTING task came due: its call is still out, or its outcome was lost with a crash. */
    private boolean checkBack(final Task task, final long now) {
        if (calls.isCalling(task.requestId()) || submissions.isMarked(task.requestId())) {
            tasks.put(task, task.dueAt(now + transitions.checkBackDelay()));
        } else {
            steps.take(task, transitions.submissionOutcomeUnknown(task, now), now);
        }
        return true;
    }

    private boolean tryQuery(final Task task, final long now) {
        if (now >= task.deadlineAt()) {
            steps.take(task, transitions.pendingPastDeadline(task, now), now);
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
            answers.answered(task, task.report().outcome(task.taskId()), now, now);
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

    /** A RESERVING task comes due only at its deadline: its ledger's answer did not come in time. */
    private boolean pastDeadline(final Task task, final long now) {
        steps.take(task, transitions.queuedPastDeadline(task, now), now);
        return true;
    }

    private boolean forget(final Task marker) {
        tasks.forget(marker);
        return true;
    }

    @Override
    public void close() {
        // Answers that arrived but were never applied are dropped: the next owner resumes from the store.
        calls.close();
        submissions.close();
        copies.close();
        tasks.close();
        order.unregister(partition);
    }
}
