package io.seedance.streams.topology;

/**
 * One tenant's totals, as its ledger keeps them under the tenant's name: what was charged in the
 * current period, what is reserved for requests not finished yet (whatever period reserved it),
 * how many reservations and waiting claims there are (each kept under its own key, in a
 * {@link LedgerBook}, so this record stays small whatever the tenant's backlog), and which alerts
 * this period has raised.
 *
 * @param periodStart    when the current period began (epoch millis); 0 while the tenant has no budget
 * @param settled        charged in the current period, in millionths of a credit
 * @param reserved       reserved for unfinished requests, in millionths
 * @param reservations   how many requests hold a reservation
 * @param held           how many claims wait for room
 * @param nextSeq        the place the next waiting claim takes (first come first)
 * @param overruns       requests of the period charged above their reservation
 * @param overrunCredits what they were charged above it, in millionths
 */
public record TenantLedger(
        long periodStart,
        long settled,
        long reserved,
        int reservations,
        int held,
        long nextSeq,
        boolean softAlerted,
        boolean hardAlerted,
        long overruns,
        long overrunCredits) {

    static TenantLedger empty() {
        return new TenantLedger(0, 0, 0, 0, 0, 0, false, false, 0, 0);
    }

    /** Settled plus reserved: what the budget must always cover. */
    public long committed() {
        return settled + reserved;
    }

    boolean isIdle() {
        return reservations == 0 && held == 0;
    }
}
