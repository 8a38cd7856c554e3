package io.seedance.streams.topology;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * One tenant's spend, as its ledger keeps it under the tenant's name: what was charged in the
 * current period, what is reserved for requests not finished yet (whatever period reserved it),
 * the reservations waiting for room in arrival order, and which alerts this period has raised.
 *
 * @param periodStart   when the current period began (epoch millis); 0 while the tenant has no budget
 * @param settled       charged in the current period, in millionths of a credit
 * @param reserved      the reservations of unfinished requests, by request id
 * @param held          the claims that did not fit, first come first
 * @param overruns      requests of the period charged above their reservation
 * @param overrunCredits what they were charged above it, in millionths
 */
record TenantLedger(
        long periodStart,
        long settled,
        Map<String, Long> reserved,
        List<BudgetClaim> held,
        boolean softAlerted,
        boolean hardAlerted,
        long overruns,
        long overrunCredits) {

    TenantLedger {
        reserved = reserved == null ? Map.of() : new TreeMap<>(reserved);
        held = held == null ? List.of() : List.copyOf(held);
    }

    static TenantLedger empty() {
        return new TenantLedger(0, 0, Map.of(), List.of(), false, false, 0, 0);
    }

    long reservedTotal() {
        return reserved.values().stream().mapToLong(Long::longValue).sum();
    }

    /** Settled plus reserved: what the budget must always cover. */
    long committed() {
        return settled + reservedTotal();
    }

    boolean isIdle() {
        return reserved.isEmpty() && held.isEmpty();
    }
}
