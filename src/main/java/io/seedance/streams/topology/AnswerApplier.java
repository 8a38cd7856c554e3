package io.seedance.streams.topology;

import io.seedance.streams.topology.CallDispatcher.Completion;
import io.seedance.streams.topology.ProcessorMetrics.Counter;
import io.seedance.streams.topology.UpstreamGate.Call;
import io.seedance.streams.upstream.ApiOutcome;

/**
 * Applies the upstream's answers to one partition's tasks, on its stream thread: an answer is
 * applied when its task still waits for it (a submission's to a SUBMITTING task, a query's to a
 * PENDING one) and ignored otherwise; every answer also tells the gate whether the API key works.
 */
final class AnswerApplier {

    private final TaskStore tasks;
    private final StepApplier steps;
    private final Transitions transitions;
    private final PollPlanner polls;
    private final UpstreamGate gate;
    private final ProcessorMetrics metrics;

    AnswerApplier(
            final TaskStore tasks,
            final StepApplier steps,
            final Transitions transitions,
            final PollPlanner polls,
            final UpstreamGate gate,
            final ProcessorMetrics metrics) {
        this.tasks = tasks;
        this.steps = steps;
        this.transitions = transitions;
        this.polls = polls;
        this.gate = gate;
        this.metrics = metrics;
    }

    /** An answer that came back from a call. */
    void apply(final Completion completion, final long now) {
        final Task task = tasks.get(completion.requestId());
        if (task == null) {
            return;
        }
        try (LogFields fields = LogFields.of(task)) {
            if (completion.call() == Call.SUBMIT && task.phase() == TaskPhase.SUBMITTING) {
                noteAuthorization(completion.outcome());
                steps.take(task, transitions.submitted(task, completion.outcome(), now), now);
            } else if (completion.call() == Call.QUERY && task.phase() == TaskPhase.PENDING) {
                answered(task, completion.outcome(), completion.askedAt(), now);
            }
        }
    }

    /** How a PENDING task stands, asked at {@code askedAt}: by a query, or by a verified webhook's report. */
    void answered(final Task task, final ApiOutcome outcome, final long askedAt, final long now) {
        noteAuthorization(outcome);
        if (outcome instanceof ApiOutcome.Succeeded && task.submittedAt() != null) {
            polls.finished(task.submittedAt(), askedAt);
        }
        steps.take(task, transitions.queried(task, outcome, now), now);
    }

    private void noteAuthorization(final ApiOutcome outcome) {
        if (outcome instanceof ApiOutcome.Unauthorized) {
            metrics.increment(Counter.UNAUTHORIZED);
            gate.authorized(false);
        } else if (!(outcome instanceof ApiOutcome.Transient)) {
            gate.authorized(true);
        }
    }
}
