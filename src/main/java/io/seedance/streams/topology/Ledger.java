package io.seedance.streams.topology;

import io.seedance.streams.schemas.BudgetAlert;
import io.seedance.streams.schemas.BudgetAlertKind;
import io.seedance.streams.topology.BudgetDecision.Verdict;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.ToLongFunction;

/**
 * The rules of one tenant's budget, applied to its {@link TenantLedger} at one moment: a
 * reservation is granted only when settled + reserved + its estimate fits in the budget, so
 * settled plus reserved never exceeds it; the one way past is a charge above its own
 * reservation, counted and alerted as an overrun. A reservation that does not fit waits, first
 * come first, or is refused, as the tenant's policy says; one that costs more than the whole
 * budget is refused, as it would wait forever. A new period starts with nothing settled (the
 * reservations of unfinished requests stay), and waiting reservations are admitted whenever a
 * settlement, a new period or a new policy makes room. No store, no context: the
 * {@link LedgerProcessor} keeps the result and sends the decisions and alerts.
 */
final class Ledger {

    /** How many waiting claims are read at a time when admitting them. */
    private static final int ADMIT_BATCH = 100;

    private final String tenant;
    /** Null while the tenant has no budget: every reservation is granted, and still recorded. */
    private final Budget budget;

    private final ToLongFunction<BudgetClaim> estimate;
    private final LedgerBook book;
    private final long now;
    private long periodStart;
    private long settled;
    private long reserved;
    private int reservations;
    private int held;
    private long nextSeq;
    private boolean softAlerted;
    private boolean hardAlerted;
    private long overruns;
    private long overrunCredits;
    private final List<BudgetDecision> decisions = new ArrayList<>();
    private final List<BudgetAlert> alerts = new ArrayList<>();

    /**
     * The tenant's ledger at {@code now}, a new period begun if one has since {@code stored} was
     * written.
     *
     * @param stored   its totals as the store keeps them; null for a tenant without any yet
     * @param book     its reservations and waiting claims
     * @param estimate the cost to reserve for a claim, in millionths
     */
    static Ledger open(
            final String tenant,
            final TenantLedger stored,
            final LedgerBook book,
            final Budget budget,
            final ToLongFunction<BudgetClaim> estimate,
            final long now) {
        return new Ledger(tenant, stored != null ? stored : TenantLedger.empty(), book, budget, estimate, now);
    }

    private Ledger(
            final String tenant,
            final TenantLedger stored,
            final LedgerBook book,
            final Budget budget,
            final ToLongFunction<BudgetClaim> estimate,
            final long now) {
        this.tenant = tenant;
        this.budget = budget;
        this.estimate = estimate;
        this.book = book;
        this.now = now;
        this.periodStart = stored.periodStart();
        this.settled = stored.settled();
        this.reserved = stored.reserved();
        this.reservations = stored.reservations();
        this.held = stored.held();
        this.nextSeq = stored.nextSeq();
        this.softAlerted = stored.softAlerted();
        this.hardAlerted = stored.hardAlerted();
        this.overruns = stored.overruns();
        this.overrunCredits = stored.overrunCredits();
        if (budget != null && budget.period().startOf(now) != periodStart) {
            periodStart = budget.period().startOf(now);
            settled = 0;
            softAlerted = false;
            hardAlerted = false;
            overruns = 0;
            overrunCredits = 0;
        }
    }

    /** A request asks for its estimated cost: granted, held or refused. A repeated claim changes nothing. */
    void reserve(final BudgetClaim claim) {
        if (book.knows(claim.requestId())) {
            return;
        }
        final long cost = estimate.applyAsLong(claim);
        if (budget != null && cost > budget.credits()) {
            refuse(claim, cost, "it costs more than the whole budget");
        } else if (held > 0 && budget != null && budget.overBudget() == Budget.OverBudget.HOLD) {
            hold(claim, cost);
        } else if (fits(cost)) {
            grant(claim, cost);
        } else if (budget.overBudget() == Budget.OverBudget.HOLD) {
            hold(claim, cost);
        } else {
            refuse(claim, cost, "its tenant's policy is to fail a request over budget");
        }
    }

    /**
     * A request ended, charged {@code claim.charged()}: its reservation (or its place in the wait)
     * goes, the charge is settled, and what waits is admitted if it now fits.
     */
    void settle(final BudgetClaim claim) {
        final Long reservation = book.release(claim.requestId());
        if (reservation != null) {
            reserved -= reservation;
            reservations--;
        } else if (book.unhold(claim.requestId())) {
            held--;
        }
        settled += claim.charged();
        if (reservation != null && claim.charged() > reservation) {
            final long over = claim.charged() - reservation;
            overruns++;
            overrunCredits += over;
            raise(
                    BudgetAlertKind.OVERRUN,
                    claim.requestId(),
                    over,
                    "request " + claim.requestId() + " was charged " + Credits.format(claim.charged()) + " credits, "
                            + Credits.format(over) + " above its reservation");
        }
        if (budget != null && committed() > budget.credits()) {
            hardLimit(
                    claim.requestId(),
                    "the budget is overspent by " + Credits.format(committed() - budget.credits()) + " credits");
        }
        softLimit(claim.requestId());
        admitHeld();
    }

    /**
     * Admits what waits, first come first, while it fits (all of it when the tenant has no budget
     * any more); fails what waits when the policy is now to fail.
     */
    void admitHeld() {
        while (held > 0) {
            final List<BudgetClaim> first = book.waiting(ADMIT_BATCH);
            if (first.isEmpty()) {
                held = 0; // the count never runs ahead of the book; if it did, the book is right
                return;
            }
            for (final BudgetClaim claim : first) {
                final long cost = estimate.applyAsLong(claim);
                if (fits(cost)) {
                    unhold(claim);
                    grant(claim, cost);
                } else if (budget.overBudget() == Budget.OverBudget.FAIL || cost > budget.credits()) {
                    unhold(claim);
                    refuse(claim, cost, "its tenant's policy is to fail a request over budget");
                } else {
                    return;
                }
            }
        }
    }

    TenantLedger state() {
        return new TenantLedger(
                periodStart,
                settled,
                reserved,
                reservations,
                held,
                nextSeq,
                softAlerted,
                hardAlerted,
                overruns,
                overrunCredits);
    }

    /** The decisions made since this ledger was opened, in order. */
    List<BudgetDecision> decisions() {
        return decisions;
    }

    /** The alerts raised since this ledger was opened, in order. */
    List<BudgetAlert> alerts() {
        return alerts;
    }

    private boolean fits(final long cost) {
        return budget == null || committed() + cost <= budget.credits();
    }

    private long committed() {
        return settled + reserved;
    }

    private void grant(final BudgetClaim claim, final long cost) {
        book.reserve(claim.requestId(), cost);
        reserved += cost;
        reservations++;
        decisions.add(new BudgetDecision(claim.requestId(), claim.partition(), Verdict.GRANTED, cost, null));
        softLimit(claim.requestId());
    }

    private void hold(final BudgetClaim claim, final long cost) {
        book.hold(nextSeq++, claim);
        held++;
        final String why = overBudget(cost) + "; it waits for room";
        decisions.add(new BudgetDecision(claim.requestId(), claim.partition(), Verdict.HELD, 0, why));
        hardLimit(claim.requestId(), why);
    }

    private void unhold(final BudgetClaim claim) {
        book.unhold(claim.requestId());
        held--;
    }

    private void refuse(final BudgetClaim claim, final long cost, final String policy) {
        final String why = overBudget(cost) + "; " + policy;
        decisions.add(new BudgetDecision(claim.requestId(), claim.partition(), Verdict.REFUSED, 0, why));
        hardLimit(claim.requestId(), why);
    }

    private String overBudget(final long cost) {
        return "its estimated cost of " + Credits.format(cost) + " credits does not fit in tenant " + tenant
                + "'s budget of " + budget.describe() + " (" + Credits.format(settled) + " settled and "
                + Credits.format(reserved) + " reserved in the period from "
                + Instant.ofEpochMilli(periodStart) + ")";
    }

    private void softLimit(final String requestId) {
        if (budget != null && !softAlerted && committed() >= budget.softLimit()) {
            softAlerted = true;
            raise(
                    BudgetAlertKind.SOFT_LIMIT,
                    requestId,
                    0,
                    "settled plus reserved reached " + Credits.format(committed()) + " credits, the soft limit of "
                            + budget.softLimitPercent() + "% of " + budget.describe());
        }
    }

    private void hardLimit(final String requestId, final String why) {
        if (!hardAlerted) {
            hardAlerted = true;
            raise(
                    BudgetAlertKind.HARD_LIMIT,
                    requestId,
                    0,
                    "the budget of " + budget.describe() + " is reached: " + why);
        }
    }

    private void raise(final BudgetAlertKind kind, final String requestId, final long overrun, final String message) {
        alerts.add(BudgetAlert.newBuilder()
                .setTenant(tenant)
                .setKind(kind)
                .setMessage("Tenant " + tenant + ": " + message)
                .setBudget(budget != null ? Credits.format(budget.credits()) : "none")
                .setPeriod(budget != null ? budget.period().toString() : "none")
                .setPeriodStart(Instant.ofEpochMilli(periodStart))
                .setSettled(Credits.format(settled))
                .setReserved(Credits.format(reserved))
                .setRequestId(requestId)
                .setOverrun(kind == BudgetAlertKind.OVERRUN ? Credits.format(overrun) : null)
                .setRaisedAt(Instant.ofEpochMilli(now))
                .build());
    }
}
