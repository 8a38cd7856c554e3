package io.seedance.streams.topology;

/**
 * A ledger's answer to a reservation, on the budget decisions topic, which is co-partitioned with
 * the requests: it goes back to {@code partition}, the request's own, whatever its key.
 *
 * @param reserved what was reserved for the request, in millionths of a credit (GRANTED only)
 * @param message  for HELD and REFUSED, why, naming the budget and the period
 */
record BudgetDecision(String requestId, int partition, Verdict verdict, long reserved, String message) {

    enum Verdict {
        /** Reserved: the request may be submitted. */
        GRANTED,
        /** It does not fit now and waits in the ledger; a GRANTED (or a REFUSED) follows. */
        HELD,
        /** It does not fit, and its tenant's policy is to fail, or it costs more than the whole budget. */
        REFUSED
    }
}
