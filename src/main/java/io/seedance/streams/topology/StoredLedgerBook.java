package io.seedance.streams.topology;

import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * A tenant's {@link LedgerBook} in the ledger processor's two stores, one key per entry:
 * {@code tenant NUL request_id} in the reservations store holds a reservation's amount (0 or
 * more), or for a waiting claim its place as {@code -(place + 1)}; {@code tenant NUL place} (16 hex
 * digits, so byte order is arrival order) in the waiting store holds the claim itself, so the
 * first to wait are read with a range scan.
 */
final class StoredLedgerBook implements LedgerBook {

    private static final char SEPARATOR = '\u0000';

    private final String tenant;
    private final KeyValueStore<String, Long> reservations;
    private final KeyValueStore<String, BudgetClaim> waiting;

    StoredLedgerBook(
            final String tenant,
            final KeyValueStore<String, Long> reservations,
            final KeyValueStore<String, BudgetClaim> waiting) {
        this.tenant = tenant;
        this.reservations = reservations;
        this.waiting = waiting;
    }

    @Override
    public Long reservation(final String requestId) {
        final Long entry = reservations.get(key(requestId));
        return entry != null && entry >= 0 ? entry : null;
    }

    @Override
    public boolean knows(final String requestId) {
        return reservations.get(key(requestId)) != null;
    }

    @Override
    public void reserve(final String requestId, final long amount) {
        reservations.put(key(requestId), amount);
    }

    @Override
    public Long release(final String requestId) {
        final Long amount = reservation(requestId);
        if (amount != null) {
            reservations.delete(key(requestId));
        }
        return amount;
    }

    @Override
    public void hold(final long seq, final BudgetClaim claim) {
        reservations.put(key(claim.requestId()), -(seq + 1));
        waiting.put(place(seq), claim);
    }

    @Override
    public boolean unhold(final String requestId) {
        final Long entry = reservations.get(key(requestId));
        if (entry == null || entry >= 0) {
            return false;
        }
        reservations.delete(key(requestId));
        waiting.delete(place(-entry - 1));
        return true;
    }

    @Override
    public List<BudgetClaim> waiting(final int max) {
        final List<BudgetClaim> first = new ArrayList<>();
        try (KeyValueIterator<String, BudgetClaim> range =
                waiting.range(tenant + SEPARATOR, tenant + (char) (SEPARATOR + 1))) {
            while (range.hasNext() && first.size() < max) {
                first.add(range.next().value);
            }
        }
        return first;
    }

    private String key(final String requestId) {
        return tenant + SEPARATOR + requestId;
    }

    private String place(final long seq) {
        return tenant + SEPARATOR + String.format("%016x", seq);
    }
}
