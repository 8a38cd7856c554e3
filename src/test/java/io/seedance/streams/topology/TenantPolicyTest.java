package io.seedance.streams.topology;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.seedance.streams.schemas.Priority;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class TenantPolicyTest {

    private static final TenantPolicy DEFAULTS = new TenantPolicy(1, 30, 0, null);

    @Test
    void shouldReadARecordTakingWhatItLeavesOutFromTheDefaults() {
        final TenantPolicy policy = parse("{\"weight\":2,\"max_seats\":10,\"default_priority\":\"batch\"}");

        assertThat(policy).isEqualTo(new TenantPolicy(2, 30, 10, Priority.BATCH));
        assertThat(TenantPolicy.parse(policy.toJson(), TenantPolicy.unlimited()))
                .isEqualTo(policy);
    }

    @Test
    void shouldNameWhatIsWrongWithABadRecord() {
        assertThatThrownBy(() -> parse("{\"weight\":0}")).hasMessageContaining("weight must be from 1 to 1000");
        assertThatThrownBy(() -> parse("{\"weight\":1.5}")).hasMessageContaining("weight must be a whole number");
        assertThatThrownBy(() -> parse("{\"max_seats\":-1}")).hasMessageContaining("max_seats must be 0");
        assertThatThrownBy(() -> parse("{\"wieght\":2}")).hasMessageContaining("unknown field 'wieght'");
        assertThatThrownBy(() -> parse("{\"default_priority\":\"URGENT\"}"))
                .hasMessageContaining("default_priority must be one of INTERACTIVE, STANDARD, BATCH");
        assertThatThrownBy(() -> parse("weight=2")).hasMessageContaining("not JSON");
        assertThatThrownBy(() -> parse("[1]")).hasMessageContaining("not a JSON object");
    }

    @Test
    void shouldReadABudgetWithItsDefaultsAndWriteItBack() {
        final TenantPolicy policy = parse("{\"budget\":100}");
        assertThat(policy.budget())
                .isEqualTo(new Budget(100 * Credits.ONE, BudgetPeriod.parse("1mo"), 80, Budget.OverBudget.HOLD));

        final TenantPolicy daily = parse(
                "{\"budget\":\"12.5\",\"budget_period\":\"1d\",\"budget_soft_limit_percent\":0,\"over_budget\":\"fail\"}");
        assertThat(daily.budget())
                .isEqualTo(new Budget(12_500_000, BudgetPeriod.parse("1d"), 0, Budget.OverBudget.FAIL));
        assertThat(TenantPolicy.parse(daily.toJson(), DEFAULTS)).isEqualTo(daily);
        assertThat(parse("{\"weight\":2}").budget()).as("no budget").isNull();
    }

    @Test
    void shouldNameWhatIsWrongWithABudget() {
        assertThatThrownBy(() -> parse("{\"budget\":-5}"))
                .hasMessageContaining("budget must be a number of credits from 0, got -5");
        assertThatThrownBy(() -> parse("{\"budget\":\"lots\"}"))
                .hasMessageContaining("budget must be a number of credits");
        assertThatThrownBy(() -> parse("{\"budget_period\":\"1d\"}"))
                .hasMessageContaining("budget_period needs a budget");
        assertThatThrownBy(() -> parse("{\"budget\":1,\"budget_period\":\"1w\"}"))
                .hasMessageContaining("such as 12h, 1d or 1mo");
        assertThatThrownBy(() -> parse("{\"budget\":1,\"over_budget\":\"WAIT\"}"))
                .hasMessageContaining("over_budget must be HOLD or FAIL");
        assertThatThrownBy(() -> parse("{\"budget\":1,\"budget_soft_limit_percent\":120}"))
                .hasMessageContaining("from 0 (none) to 100");
    }

    @Test
    void shouldIgnoreAndCountAnInvalidRecordKeepingWhatTheTenantHad() {
        final TenantPolicies policies = new TenantPolicies(DEFAULTS);
        policies.apply("acme", bytes("{\"weight\":4}"));
        policies.apply("acme", bytes("{\"weight\":-4}"));
        policies.apply("x".repeat(65), bytes("{\"weight\":4}"));

        assertThat(policies.weight("acme")).isEqualTo(4);
        assertThat(policies.invalidRecords()).isEqualTo(2);

        policies.apply("acme", null);
        assertThat(policies.of("acme")).isEqualTo(DEFAULTS);
    }

    private static TenantPolicy parse(final String json) {
        return TenantPolicy.parse(bytes(json), DEFAULTS);
    }

    private static byte[] bytes(final String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
