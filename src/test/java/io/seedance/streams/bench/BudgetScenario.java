package io.seedance.streams.bench;

import io.seedance.streams.topology.Budget;
import io.seedance.streams.topology.BudgetPeriod;
import io.seedance.streams.topology.Credits;
import io.seedance.streams.topology.ProcessorConfig;
import io.seedance.streams.topology.TenantPolicy;
import java.util.List;

/**
 * What the budget check costs at saturation: the saturation run at R = 600 a minute (R in any
 * 60 s), once without budgets and once with every request's tenant under a budget far above what
 * the run spends, so every request is reserved and settled by its tenant's ledger (a claim out, a
 * decision back, a settlement out) and none is held. Both in one run, so the ratio compares like
 * with like.
 */
final class BudgetScenario {

    private static final int PER_MINUTE = 600;
    private static final int SECONDS = 75;

    private BudgetScenario() {}

    static List<Table> run(final Arena arena) {
        final Table table = new Table(
                "Budgets: the budget check's cost on saturation (R = 600 a minute in any 60 s, L = 500 ms, G = 5 s)",
                "budget",
                "N",
                "submits/s (steady)",
                "÷ R",
                "end to end (s)",
                "429s");
        double without = 0;
        for (final boolean budgeted : new boolean[] {false, true}) {
            final Workload workload = SaturationScenario.workload(PER_MINUTE, SECONDS);
            final Arena.Outcome outcome = arena.run(
                    OurService.factory(w -> budgeted ? withBudget(w) : SaturationScenario.config(w)),
                    workload,
                    workload.ideal().multipliedBy(3).plusSeconds(30));
            final double ratio = outcome.steadySubmitsPerSecond() / workload.perSecond();
            if (!budgeted) {
                without = ratio;
            }
            table.row(
                    budgeted ? "every request reserved and settled" : "none",
                    workload.requests(),
                    outcome.steadySubmitsPerSecond(),
                    ratio,
                    outcome.elapsed().toMillis() / 1000.0,
                    outcome.upstream().rateLimited()
                            + (outcome.finished() ? "" : " (unfinished: " + outcome.results() + " results)"));
            if (budgeted) {
                table.note(String.format(
                        "With budgets ÷ without: %.3f. Target: with budgets ≥ 0.97 of R.", ratio / without));
            }
        }
        return List.of(table);
    }

    /** The saturation run's configuration, with every tenant the tenants topic does not name under a large budget. */
    private static ProcessorConfig withBudget(final Workload workload) {
        final Budget budget =
                new Budget(1_000_000_000 * Credits.ONE, BudgetPeriod.parse("1mo"), 80, Budget.OverBudget.HOLD);
        return SaturationScenario.builder(workload)
                .tenantDefaults(new TenantPolicy(1, 0, 0, null, budget))
                .build();
    }
}
