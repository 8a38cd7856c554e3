package io.seedance.streams.topology;

import java.time.Instant;

/** How a tenant stands against its budget now, in words: for the {@code tenants list} command. */
public final class BudgetStanding {

    private static final JsonSerde<TenantLedger> LEDGERS = new JsonSerde<>(TenantLedger.class);

    private BudgetStanding() {}

    /**
     * A tenant's standing at {@code now}, from its ledger's totals as the service stored them (null
     * when it has none yet): a period begun since counts as begun, with nothing spent.
     */
    public static String describe(final byte[] storedLedger, final Budget budget, final long now) {
        final TenantLedger ledger = storedLedger == null
                ? TenantLedger.empty()
                : LEDGERS.deserializer().deserialize("", storedLedger);
        final long periodStart = budget.period().startOf(now);
        final boolean current = ledger.periodStart() == periodStart;
        return "spent " + Credits.format(current ? ledger.settled() : 0) + " of " + budget.describe() + " since "
                + Instant.ofEpochMilli(periodStart) + ", " + Credits.format(ledger.reserved()) + " reserved, "
                + ledger.held() + " waiting"
                + (!current || ledger.overruns() == 0
                        ? ""
                        : ", " + ledger.overruns() + " overruns (" + Credits.format(ledger.overrunCredits())
                                + " credits above their reservations)");
    }
}
