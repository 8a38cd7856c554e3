package io.seedance.streams.bench;

import io.seedance.streams.topology.Budget;
import io.seedance.streams.topology.BudgetPeriod;
import io.seedance.streams.topology.Credits;
import io.seedance.streams.topology.ProcessorConfig;
import io.seedance.streams.topology.TenantPolicy;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * What the budget check costs at saturation: the saturation run at R = 600 a minute (R in any
 * 60 s), once without budgets and once with every request's tenant under a budget far above what
 * the run spends, so every request is reserved and settled by its tenant's ledger (a claim out, a
 * decision back, a settlement out) and none is held. Both in one run, so the ratio compares like
 * with like.
 */
final class BudgetScenario {

    private BudgetScenario() {}

    static List<Table> run(final Arena arena) {
        return List.of(SaturationPair.compare(
                arena,
                "Budgets: the budget check's cost on saturation (R = 600 a minute in any 60 s, L = 500 ms, G = 5 s)",
                "budget",
                "every request reserved and settled",
                OurService.factory(BudgetScenario::withBudget),
                UnaryOperator.identity()));
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
