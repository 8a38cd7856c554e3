package io.seedance.streams.topology;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Applies a tenant's ledger's answers to the RESERVING tasks of one partition: a granted one joins
 * its queue, a held one waits (its deadline still holds: the sweep fails it TIMED_OUT at its
 * deadline), a refused one fails BUDGET_EXCEEDED. An answer for a task that is no longer RESERVING
 * (cancelled, or past its deadline, meanwhile) is ignored: its settlement, sent when it ended,
 * follows the reservation in the ledger's input and releases it.
 */
final class Reservations {

    private static final Logger LOG = LoggerFactory.getLogger(Reservations.class);

    private final TaskStore tasks;
    private final StepApplier steps;
    private final Transitions transitions;

    Reservations(final TaskStore tasks, final StepApplier steps, final Transitions transitions) {
        this.tasks = tasks;
        this.steps = steps;
        this.transitions = transitions;
    }

    void decided(final BudgetDecision decision, final long now) {
        final Task task = tasks.get(decision.requestId());
        if (task == null || task.phase() != TaskPhase.RESERVING) {
            LOG.debug(
                    "Budget decision {} for request_id={} ignored: the request has moved on",
                    decision.verdict(),
                    decision.requestId());
            return;
        }
        switch (decision.verdict()) {
            case GRANTED -> {
                tasks.put(task, task.granted(decision.reserved()));
                LOG.info(
                        "Request request_id={} queued: {} credits reserved",
                        task.requestId(),
                        Credits.format(decision.reserved()));
            }
            case HELD -> {
                tasks.put(task, task.held(now));
                LOG.info("Request request_id={} waits: {}", task.requestId(), decision.message());
            }
            case REFUSED -> steps.take(task, transitions.overBudget(task, decision.message(), now), now);
        }
    }
}
