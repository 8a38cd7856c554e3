package io.seedance.streams.topology;

import java.util.Objects;

/**
 * What a task's partition asks of its tenant's ledger, on the budget claims topic keyed by tenant
 * (so one ledger sees every claim of a tenant, in order): reserve a request's estimated cost
 * before it may be submitted, or settle it once the request has ended, with what the upstream
 * charged (0 when it was never submitted, which releases the reservation).
 *
 * @param partition the request's partition, where the decision must go back to
 * @param charged   for a SETTLE, what the upstream charged, in millionths of a credit
 */
record BudgetClaim(
        Kind kind, String requestId, String tenant, int partition, String model, int seconds, long charged, long at) {

    enum Kind {
        RESERVE,
        SETTLE
    }

    BudgetClaim {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(requestId, "requestId");
        Objects.requireNonNull(tenant, "tenant");
    }

    static BudgetClaim reserve(final Task task, final int partition, final long now) {
        return of(Kind.RESERVE, task, partition, 0, now);
    }

    static BudgetClaim settle(final Task task, final int partition, final long charged, final long now) {
        return of(Kind.SETTLE, task, partition, charged, now);
    }

    private static BudgetClaim of(
            final Kind kind, final Task task, final int partition, final long charged, final long now) {
        final TaskRequest request = task.request();
        return new BudgetClaim(
                kind,
                task.requestId(),
                Tenants.of(request),
                partition,
                request.model(),
                request.durationSeconds(),
                charged,
                now);
    }
}
