package io.seedance.streams.topology;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** A {@link LedgerBook} in maps, for the ledger's rules on their own. */
final class InMemoryLedgerBook implements LedgerBook {

    private final Map<String, Long> reservations = new TreeMap<>();
    private final TreeMap<Long, BudgetClaim> waiting = new TreeMap<>();

    @Override
    public Long reservation(final String requestId) {
        return reservations.get(requestId);
    }

    @Override
    public boolean knows(final String requestId) {
        return reservations.containsKey(requestId)
                || waiting.values().stream().anyMatch(claim -> claim.requestId().equals(requestId));
    }

    @Override
    public void reserve(final String requestId, final long amount) {
        reservations.put(requestId, amount);
    }

    @Override
    public Long release(final String requestId) {
        return reservations.remove(requestId);
    }

    @Override
    public void hold(final long seq, final BudgetClaim claim) {
        waiting.put(seq, claim);
    }

    @Override
    public boolean unhold(final String requestId) {
        return waiting.values().removeIf(claim -> claim.requestId().equals(requestId));
    }

    @Override
    public List<BudgetClaim> waiting(final int max) {
        return waiting.values().stream().limit(max).toList();
    }

    /** The reservations, by request id. */
    Map<String, Long> reservations() {
        return Map.copyOf(reservations);
    }

    /** The waiting requests, first come first. */
    List<String> waitingIds() {
        return waiting.values().stream().map(BudgetClaim::requestId).toList();
    }
}
