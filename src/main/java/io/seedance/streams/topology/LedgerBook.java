package io.seedance.streams.topology;

import java.util.List;

/**
 * The per-request entries of one tenant's ledger: each reservation, and each claim that waits for
 * room, in arrival order. Kept apart from the {@link TenantLedger}'s totals so that a claim costs
 * the same whether the tenant has ten requests out or ten thousand.
 */
interface LedgerBook {

    /** What is reserved for the request; null when it holds no reservation. */
    Long reservation(String requestId);

    /** Whether the request holds a reservation or waits for one. */
    boolean knows(String requestId);

    void reserve(String requestId, long amount);

    /** Removes the request's reservation; what it was, or null when it held none. */
    Long release(String requestId);

    /** The claim waits, at place {@code seq} (places only grow). */
    void hold(long seq, BudgetClaim claim);

    /** Removes the request from the wait; whether it was waiting. */
    boolean unhold(String requestId);

    /** The first {@code max} claims that wait, in arrival order. */
    List<BudgetClaim> waiting(int max);
}
