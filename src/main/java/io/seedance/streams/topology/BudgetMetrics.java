package io.seedance.streams.topology;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Each budgeted tenant's spend, as the instance that keeps its ledger sees it: spent (settled this
 * period), reserved, the budget, the requests waiting for room, and the overruns. Tagged {@code
 * tenant}; only tenants whose ledger this instance keeps have values (others read 0), so a sum
 * over instances is the tenant's figure. Tenants with a budget are named by an operator, one by
 * one, so their labels need no bound.
 */
public final class BudgetMetrics {

    /** One tenant's measures, in millionths of a credit where they are amounts. */
    public static final class Tenant {
        private final AtomicLong spent = new AtomicLong();
        private final AtomicLong reserved = new AtomicLong();
        private final AtomicLong budget = new AtomicLong();
        private final AtomicLong held = new AtomicLong();
        private final AtomicLong overruns = new AtomicLong();
        private final AtomicLong overrunCredits = new AtomicLong();

        private Tenant(final String tenant, final MeterRegistry meters) {
            credits(meters, "seedance.tenant.budget.spent", spent, tenant, "Credits settled in the period");
            credits(
                    meters,
                    "seedance.tenant.budget.reserved",
                    reserved,
                    tenant,
                    "Credits reserved for unfinished requests");
            credits(meters, "seedance.tenant.budget", budget, tenant, "The budget per period");
            Gauge.builder("seedance.tenant.budget.held", held, AtomicLong::get)
                    .description("Requests waiting for room in the budget")
                    .tag("tenant", tenant)
                    .register(meters);
            FunctionCounter.builder("seedance.tenant.budget.overruns", overruns, AtomicLong::get)
                    .description("Requests charged more than was reserved for them")
                    .tag("tenant", tenant)
                    .register(meters);
            FunctionCounter.builder("seedance.tenant.budget.overrun", overrunCredits, m -> Credits.asDouble(m.get()))
                    .description("What requests were charged above their reservations")
                    .baseUnit("credits")
                    .tag("tenant", tenant)
                    .register(meters);
        }

        private static void credits(
                final MeterRegistry meters,
                final String name,
                final AtomicLong value,
                final String tenant,
                final String description) {
            Gauge.builder(name, value, v -> Credits.asDouble(v.get()))
                    .description(description)
                    .baseUnit("credits")
                    .tag("tenant", tenant)
                    .register(meters);
        }

        public long spent() {
            return spent.get();
        }

        public long reserved() {
            return reserved.get();
        }

        public long held() {
            return held.get();
        }

        public long overruns() {
            return overruns.get();
        }
    }

    private final MeterRegistry meters;
    private final Map<String, Tenant> tenants = new ConcurrentHashMap<>();

    BudgetMetrics(final MeterRegistry meters) {
        this.meters = meters;
    }

    public Tenant of(final String tenant) {
        return tenants.computeIfAbsent(tenant, t -> new Tenant(t, meters));
    }

    /** The tenant's ledger as it now stands. */
    void show(final String tenant, final TenantLedger ledger, final Budget budget) {
        final Tenant measures = of(tenant);
        measures.spent.set(ledger.settled());
        measures.reserved.set(ledger.reserved());
        measures.budget.set(budget != null ? budget.credits() : 0);
        measures.held.set(ledger.held());
    }

    /** A request of the tenant was charged {@code over} above its reservation. */
    void overrun(final String tenant, final long over) {
        final Tenant measures = of(tenant);
        measures.overruns.incrementAndGet();
        measures.overrunCredits.addAndGet(over);
    }

    /** The tenant's ledger is no longer kept here: its spend reads 0 on this instance. */
    void left(final String tenant) {
        final Tenant measures = tenants.get(tenant);
        if (measures != null) {
            measures.spent.set(0);
            measures.reserved.set(0);
            measures.budget.set(0);
            measures.held.set(0);
        }
    }
}
