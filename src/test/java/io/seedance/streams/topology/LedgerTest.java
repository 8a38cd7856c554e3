package io.seedance.streams.topology;

import static org.assertj.core.api.Assertions.assertThat;

import io.seedance.streams.schemas.BudgetAlert;
import io.seedance.streams.schemas.BudgetAlertKind;
import io.seedance.streams.topology.BudgetClaim.Kind;
import io.seedance.streams.topology.BudgetDecision.Verdict;
import java.time.Instant;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The budget's rules on fixed moments: reserve, hold, refuse, settle, overrun, a new period. */
class LedgerTest {

    private static final long NOW = Instant.parse("2026-12-03T10:00:00Z").toEpochMilli();
    private static final long HALF = 500_000;
    /** Two credits a day: four 5-second requests at 0.1 credit per second. */
    private static final Budget TWO_A_DAY =
            new Budget(2 * Credits.ONE, BudgetPeriod.parse("1d"), 80, Budget.OverBudget.HOLD);

    private TenantLedger state = null;
    private InMemoryLedgerBook book = new InMemoryLedgerBook();

    private static BudgetClaim reserve(final String id) {
        return new BudgetClaim(Kind.RESERVE, id, "acme", 0, "seedance-2.0", 5, 0, NOW);
    }

    private static BudgetClaim settle(final String id, final long charged) {
        return new BudgetClaim(Kind.SETTLE, id, "acme", 0, "seedance-2.0", 5, charged, NOW);
    }

    private Ledger open(final Budget budget, final long now) {
        return Ledger.open("acme", state, book, budget, claim -> HALF, now);
    }

    private List<BudgetDecision> apply(final Budget budget, final long now, final BudgetClaim... claims) {
        final Ledger ledger = open(budget, now);
        for (final BudgetClaim claim : claims) {
            if (claim.kind() == Kind.RESERVE) {
                ledger.reserve(claim);
            } else {
                ledger.settle(claim);
            }
        }
        state = ledger.state();
        return ledger.decisions();
    }

    @Test
    void shouldGrantWhatFitsAndHoldTheRestFirstComeFirst() {
        final List<BudgetDecision> decisions = apply(
                TWO_A_DAY,
                NOW,
                reserve("r-1"),
                reserve("r-2"),
                reserve("r-3"),
                reserve("r-4"),
                reserve("r-5"),
                reserve("r-6"));

        assertThat(decisions)
                .extracting(BudgetDecision::verdict)
                .containsExactly(
                        Verdict.GRANTED, Verdict.GRANTED, Verdict.GRANTED, Verdict.GRANTED, Verdict.HELD, Verdict.HELD);
        assertThat(decisions.get(4).message())
                .contains("budget of 2 credits per 1d")
                .contains("0 settled and 2 reserved in the period from 2026-12-03T00:00:00Z");
        assertThat(state.committed()).isEqualTo(2 * Credits.ONE);
        assertThat(state.held()).isEqualTo(2);
        assertThat(book.waitingIds()).containsExactly("r-5", "r-6");

        final List<BudgetDecision> afterSettle = apply(TWO_A_DAY, NOW, settle("r-2", HALF));
        assertThat(afterSettle)
                .as("the reservation is settled at its charge, which leaves no room")
                .isEmpty();
        final List<BudgetDecision> afterRelease = apply(TWO_A_DAY, NOW, settle("r-3", 0));
        assertThat(afterRelease)
                .as("a release makes room for the first that waits")
                .extracting(BudgetDecision::requestId, BudgetDecision::verdict)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("r-5", Verdict.GRANTED));
        assertThat(state.settled()).isEqualTo(HALF);
        assertThat(book.reservations()).containsOnlyKeys("r-1", "r-4", "r-5");
        assertThat(state.reserved()).isEqualTo(3 * HALF);
        assertThat(state.reservations()).isEqualTo(3);
    }

    @Test
    void shouldNeverLetSettledPlusReservedExceedTheBudgetWhenChargesMatchTheEstimates() {
        final Random random = new Random(42);
        int next = 0;
        for (int step = 0; step < 2_000; step++) {
            final List<String> reserved = List.copyOf(book.reservations().keySet());
            if (reserved.isEmpty() || random.nextBoolean()) {
                apply(TWO_A_DAY, NOW, reserve("r-" + next++));
            } else {
                final String done = reserved.get(random.nextInt(reserved.size()));
                apply(TWO_A_DAY, NOW, settle(done, random.nextBoolean() ? HALF : 0));
            }
            assertThat(state.committed()).isLessThanOrEqualTo(TWO_A_DAY.credits());
        }
    }

    @Test
    void shouldRefuseUnderAFailPolicyAndWhatCostsMoreThanTheWholeBudget() {
        final Budget failing = new Budget(Credits.ONE, BudgetPeriod.parse("1mo"), 0, Budget.OverBudget.FAIL);
        final List<BudgetDecision> decisions = apply(failing, NOW, reserve("r-1"), reserve("r-2"), reserve("r-3"));
        assertThat(decisions)
                .extracting(BudgetDecision::verdict)
                .containsExactly(Verdict.GRANTED, Verdict.GRANTED, Verdict.REFUSED);
        assertThat(decisions.get(2).message()).contains("1 credits per 1mo").contains("policy is to fail");

        state = null;
        book = new InMemoryLedgerBook();
        final Budget tiny = new Budget(HALF - 1, BudgetPeriod.parse("1d"), 0, Budget.OverBudget.HOLD);
        assertThat(apply(tiny, NOW, reserve("r-1"))).singleElement().satisfies(decision -> {
            assertThat(decision.verdict()).isEqualTo(Verdict.REFUSED);
            assertThat(decision.message()).contains("costs more than the whole budget");
        });
    }

    @Test
    void shouldCountAnOverrunAndAlertOnceForEachLimitInAPeriod() {
        final Ledger ledger = open(TWO_A_DAY, NOW);
        ledger.reserve(reserve("r-1"));
        ledger.reserve(reserve("r-2"));
        ledger.reserve(reserve("r-3"));
        ledger.reserve(reserve("r-4")); // 2 of 2 reserved: the soft limit (1.6) is crossed at the 4th
        ledger.reserve(reserve("r-5")); // held: the hard limit
        ledger.reserve(reserve("r-6")); // held, no second alert
        ledger.settle(settle("r-1", 800_000)); // 0.3 above its reservation
        state = ledger.state();

        assertThat(ledger.alerts())
                .extracting(BudgetAlert::getKind)
                .containsExactly(BudgetAlertKind.SOFT_LIMIT, BudgetAlertKind.HARD_LIMIT, BudgetAlertKind.OVERRUN);
        final BudgetAlert overrun = ledger.alerts().get(2);
        assertThat(overrun.getOverrun()).isEqualTo("0.3");
        assertThat(overrun.getRequestId()).isEqualTo("r-1");
        assertThat(overrun.getSettled()).isEqualTo("0.8");
        assertThat(overrun.getBudget()).isEqualTo("2");
        assertThat(overrun.getPeriod()).isEqualTo("1d");
        assertThat(state.overruns()).isOne();
        assertThat(state.overrunCredits()).isEqualTo(300_000);
        assertThat(state.committed())
                .as("the overrun is the one way past the budget, and nothing is admitted while it lasts")
                .isEqualTo(2_300_000);
        assertThat(state.held()).isEqualTo(2);
    }

    @Test
    void shouldStartANewPeriodWithNothingSettledAndAdmitWhatWaits() {
        apply(TWO_A_DAY, NOW, reserve("r-1"), reserve("r-2"), reserve("r-3"), reserve("r-4"), reserve("r-5"));
        apply(TWO_A_DAY, NOW, settle("r-1", HALF), settle("r-2", HALF), settle("r-3", HALF));
        assertThat(state.settled()).isEqualTo(3 * HALF);
        assertThat(book.waitingIds())
                .as("r-4 holds the last half credit, and r-1..r-3 spent the rest")
                .containsExactly("r-5");

        final long tomorrow = Instant.parse("2026-12-04T00:00:01Z").toEpochMilli();
        final Ledger ledger = open(TWO_A_DAY, tomorrow);
        ledger.admitHeld();
        state = ledger.state();

        assertThat(state.periodStart())
                .isEqualTo(Instant.parse("2026-12-04T00:00:00Z").toEpochMilli());
        assertThat(state.settled()).isZero();
        assertThat(book.reservations()).as("r-4's reservation stays with it").containsOnlyKeys("r-4", "r-5");
        assertThat(state.held()).isZero();
        assertThat(ledger.decisions()).extracting(BudgetDecision::requestId).containsExactly("r-5");
        assertThat(state.softAlerted()).isFalse();
        assertThat(state.hardAlerted()).isFalse();
    }

    @Test
    void shouldGrantEverythingToATenantWithoutABudgetAndForgetItOnceSettled() {
        assertThat(apply(null, NOW, reserve("r-1"), reserve("r-2")))
                .extracting(BudgetDecision::verdict)
                .containsOnly(Verdict.GRANTED);
        apply(null, NOW, settle("r-1", HALF), settle("r-2", 0));
        assertThat(state.isIdle()).isTrue();
    }

    @Test
    void shouldIgnoreARepeatedReservation() {
        assertThat(apply(TWO_A_DAY, NOW, reserve("r-1"), reserve("r-1"))).hasSize(1);
        assertThat(state.reserved()).isEqualTo(HALF);
    }
}
