package io.seedance.streams.topology;

import java.time.Instant;

/** How a tenant stands against its budget now, in words: for the {@code tenants list} command. */
public final class BudgetStanding {

    private static final JsonSerde<TenantLedger> LEDGERS = new JsonSerde<>(TenantLedger.class);

    private BudgetStanding() {}

    /**
     * {@code tenant}'s standing at {@code now}, from its ledger as the service stored it (null when
     * it has none yet): a period begun since counts as begun, with nothing spent.
     */
    public static String describe(final String tenant, final byte[] storedLedger, final Budget budget, final long now) {
        final TenantLedger stored =
                storedLedger == null ? null : LEDGERS.deserializer().deserialize("", storedLedger);
        final TenantLedger ledger =
                Ledger.open(tenant, stored, budget, claim -> 0, now).state();
        return "spent " + Credits.format(ledger.settled()) + " of " + budget.describe() + " since "
                + Instant.ofEpochMilli(ledger.periodStart()) + ", " + Credits.format(ledger.reservedTotal())
                + " reserved, " + ledger.held().size() + " waiting"
                + (ledger.overruns() == 0
                        ? ""
                        : ", " + ledger.overruns() + " overruns (" + Credits.format(ledger.overrunCredits())
                                + " credits above their reservations)");
    }
}
