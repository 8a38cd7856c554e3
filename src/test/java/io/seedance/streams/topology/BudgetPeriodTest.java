package io.seedance.streams.topology;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class BudgetPeriodTest {

    private static long at(final String instant) {
        return Instant.parse(instant).toEpochMilli();
    }

    @Test
    void shouldAlignPeriodsInUtc() {
        assertThat(BudgetPeriod.parse("1d").startOf(at("2026-12-03T23:59:59Z"))).isEqualTo(at("2026-12-03T00:00:00Z"));
        assertThat(BudgetPeriod.parse("12h").startOf(at("2026-12-03T13:10:00Z")))
                .isEqualTo(at("2026-12-03T12:00:00Z"));
        assertThat(BudgetPeriod.parse("1mo").startOf(at("2026-12-31T23:00:00Z")))
                .isEqualTo(at("2026-12-01T00:00:00Z"));
        assertThat(BudgetPeriod.parse("3mo").startOf(at("2026-12-03T10:00:00Z")))
                .as("a quarter")
                .isEqualTo(at("2026-10-01T00:00:00Z"));
    }

    @Test
    void shouldEndAMonthOnTheFirstOfTheNext() {
        final BudgetPeriod month = BudgetPeriod.parse("1mo");
        assertThat(month.endOf(at("2027-02-01T00:00:00Z"))).isEqualTo(at("2027-03-01T00:00:00Z"));
        assertThat(BudgetPeriod.parse("1d").endOf(at("2026-12-03T00:00:00Z"))).isEqualTo(at("2026-12-04T00:00:00Z"));
    }

    @Test
    void shouldRefuseWhatIsNotAPeriod() {
        for (final String wrong : new String[] {"", "0d", "1w", "d", "-1h", "1.5d"}) {
            assertThatThrownBy(() -> BudgetPeriod.parse(wrong))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("budget period");
        }
        assertThat(BudgetPeriod.parse(" 7D ").toString()).isEqualTo("7d");
    }
}
