package io.seedance.streams.topology;

import io.seedance.streams.schemas.BudgetAlert;
import io.seedance.streams.schemas.BudgetAlertKind;
import io.seedance.streams.topology.BudgetClaim.Kind;
import io.seedance.streams.topology.ProcessorMetrics.Counter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The budget ledgers of the tenants whose claims land on this partition of the claims topic (keyed
 * by tenant, so each tenant has exactly one ledger, wherever its requests are). It applies each
 * claim with the {@link Ledger}'s rules, keeps the result in its store, and sends the decisions
 * back to the requests' partitions and the alerts to the alerts topic: under exactly-once, all in
 * the transaction that consumed the claim, so a crash never loses or repeats a reservation.
 *
 * <p>It also keeps, per model, the highest price per second it has seen charged, which raises the
 * estimates above the configured floor. Every {@link #TICK} it looks at every ledger: a new
 * period, or a policy changed since, may make room for what waits.
 */
final class LedgerProcessor implements Processor<String, BudgetClaim, String, Object> {

    private static final Logger LOG = LoggerFactory.getLogger(LedgerProcessor.class);
    static final Duration TICK = Duration.ofSeconds(1);

    private final TenantPolicies policies;
    private final BudgetPrices floor;
    private final ProcessorMetrics metrics;
    /** The tenants whose ledger this processor has shown in the metrics. */
    private final Set<String> shown = new HashSet<>();

    private ProcessorContext<String, Object> context;
    private KeyValueStore<String, TenantLedger> ledgers;
    private KeyValueStore<String, Long> reservations;
    private KeyValueStore<String, BudgetClaim> waiting;
    private KeyValueStore<String, Long> prices;

    LedgerProcessor(final TenantPolicies policies, final BudgetPrices floor, final ProcessorMetrics metrics) {
        this.policies = policies;
        this.floor = floor;
        this.metrics = metrics;
    }

    @Override
    public void init(final ProcessorContext<String, Object> context) {
        this.context = context;
        this.ledgers = context.getStateStore(SeedanceTopology.LEDGER_STORE);
        this.reservations = context.getStateStore(SeedanceTopology.RESERVATION_STORE);
        this.waiting = context.getStateStore(SeedanceTopology.WAITING_STORE);
        this.prices = context.getStateStore(SeedanceTopology.PRICE_STORE);
        try (KeyValueIterator<String, TenantLedger> all = ledgers.all()) {
            all.forEachRemaining(entry -> show(entry.key, entry.value));
        }
        context.schedule(TICK, PunctuationType.WALL_CLOCK_TIME, this::tick);
    }

    @Override
    public void process(final Record<String, BudgetClaim> record) {
        final BudgetClaim claim = record.value();
        if (claim == null || record.key() == null || !record.key().equals(claim.tenant())) {
            LOG.warn("Ignored a budget claim keyed '{}' that is not its tenant's", record.key());
            return;
        }
        final long now = context.currentSystemTimeMs();
        if (claim.kind() == Kind.SETTLE) {
            learn(claim);
        }
        final Ledger ledger = open(claim.tenant(), now);
        if (claim.kind() == Kind.RESERVE) {
            ledger.reserve(claim);
        } else {
            ledger.settle(claim);
        }
        keep(claim.tenant(), ledger, now);
    }

    /** A new period, or a new policy, may make room: every ledger that holds something looks again. */
    void tick(final long now) {
        final List<KeyValue<String, TenantLedger>> stale = new ArrayList<>();
        try (KeyValueIterator<String, TenantLedger> all = ledgers.all()) {
            all.forEachRemaining(entry -> {
                final Budget budget = policies.of(entry.key).budget();
                if (entry.value.held() > 0
                        || budget != null && budget.period().startOf(now) != entry.value.periodStart()) {
                    stale.add(entry);
                }
            });
        }
        for (final KeyValue<String, TenantLedger> entry : stale) {
            final Ledger ledger = open(entry.key, now);
            ledger.admitHeld();
            keep(entry.key, ledger, now);
        }
    }

    private Ledger open(final String tenant, final long now) {
        return Ledger.open(
                tenant,
                ledgers.get(tenant),
                new StoredLedgerBook(tenant, reservations, waiting),
                policies.of(tenant).budget(),
                this::estimate,
                now);
    }

    /** The cost to reserve for a claim: its seconds at its model's price, the highest seen or the configured. */
    private long estimate(final BudgetClaim claim) {
        final Long learned = prices.get(claim.model());
        final long perSecond = Math.max(floor.of(claim.model()), learned != null ? learned : 0);
        return Math.multiplyExact(perSecond, Math.max(1, claim.seconds()));
    }

    /** Raises the model's price to what this settlement charged per second, when that is higher. */
    private void learn(final BudgetClaim claim) {
        if (claim.charged() <= 0 || claim.seconds() <= 0) {
            return;
        }
        final long perSecond = (claim.charged() + claim.seconds() - 1) / claim.seconds();
        final Long known = prices.get(claim.model());
        if (known == null || perSecond > known) {
            prices.put(claim.model(), perSecond);
            LOG.info(
                    "Model {} was charged {} credits per second: estimates use it from now on",
                    claim.model(),
                    Credits.format(perSecond));
        }
    }

    /** Writes the ledger back, sends its decisions and alerts, and shows it in the metrics. */
    private void keep(final String tenant, final Ledger ledger, final long now) {
        final TenantLedger state = ledger.state();
        final Budget budget = policies.of(tenant).budget();
        if (budget == null && state.isIdle()) {
            ledgers.delete(tenant);
        } else {
            ledgers.put(tenant, state);
        }
        for (final BudgetDecision decision : ledger.decisions()) {
            metrics.increment(
                    switch (decision.verdict()) {
                        case GRANTED -> Counter.BUDGET_GRANTED;
                        case HELD -> Counter.BUDGET_HELD;
                        case REFUSED -> Counter.BUDGET_REFUSED;
                    });
            context.forward(new Record<>(decision.requestId(), decision, now), SeedanceTopology.DECISIONS_SINK);
        }
        for (final BudgetAlert alert : ledger.alerts()) {
            metrics.increment(Counter.BUDGET_ALERTS);
            if (alert.getKind() == BudgetAlertKind.OVERRUN) {
                metrics.increment(Counter.BUDGET_OVERRUNS);
                metrics.budgets().overrun(tenant, Credits.parse(alert.getOverrun()));
            }
            LOG.warn("Budget alert {}: {}", alert.getKind(), alert.getMessage());
            context.forward(new Record<>(tenant, alert, now), SeedanceTopology.ALERTS_SINK);
        }
        show(tenant, state);
    }

    private void show(final String tenant, final TenantLedger state) {
        shown.add(tenant);
        metrics.budgets().show(tenant, state, policies.of(tenant).budget());
    }

    @Override
    public void close() {
        shown.forEach(metrics.budgets()::left);
    }
}
