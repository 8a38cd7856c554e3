package io.seedance.streams.topology;

import static org.assertj.core.api.Assertions.assertThat;

import io.seedance.streams.schemas.BudgetAlert;
import io.seedance.streams.schemas.BudgetAlertKind;
import io.seedance.streams.schemas.FailureCategory;
import io.seedance.streams.schemas.FailureReason;
import io.seedance.streams.schemas.Samples;
import io.seedance.streams.schemas.VideoFailed;
import io.seedance.streams.schemas.VideoRequest;
import io.seedance.streams.topology.ProcessorMetrics.Counter;
import io.seedance.streams.upstream.ApiOutcome;
import io.seedance.streams.upstream.TaskStatus;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Budgets through the whole topology on the test driver's clock: the task processor's claims go
 * through the ledger and its decisions come back, as on a cluster. A sample request is 10 seconds
 * of video: 1 credit at the default 0.1 credit per second.
 */
class BudgetsTest {

    private static final long ONE = Credits.ONE;

    private final TopologyHarness harness = new TopologyHarness(TopologyHarness.testConfig()
            .maxTasksInFlight(1_000)
            .firstPollDelay(Duration.ofSeconds(1))
            .build());

    @AfterEach
    void close() {
        harness.close();
    }

    private void send(final String id) {
        harness.send(
                VideoRequest.newBuilder(Samples.request(id)).setTenant("acme").build());
    }

    /** Answers the submission of the only call out, then its first query with {@code finished}. */
    private void finish(final String taskId, final ApiOutcome finished) {
        harness.api.onlyUnanswered().answer(new ApiOutcome.Accepted(taskId));
        harness.sweep(1);
        harness.advance(Duration.ofSeconds(1));
        harness.api.onlyUnanswered().answer(finished);
        harness.sweep(2);
    }

    private static ApiOutcome succeeded(final String taskId, final String consumed) {
        return new ApiOutcome.Succeeded(
                new TaskStatus(taskId, "success", "https://cdn/" + taskId + ".mp4", consumed, null, null));
    }

    @Test
    void shouldSubmitOnlyWhatTheBudgetCoversAndSettleAtTheCharge() {
        harness.tenantPolicy("acme", "{\"budget\":2,\"budget_period\":\"1d\"}");
        send("r-1");
        send("r-2");
        send("r-3");
        harness.sweep(2);

        assertThat(harness.api.submissions())
                .as("two credits cover two requests")
                .hasSize(2);
        assertThat(harness.task("r-3").phase()).isEqualTo(TaskPhase.RESERVING);
        assertThat(harness.task("r-3").heldSince()).isNotNull();
        assertThat(harness.task("r-1").reserved()).isEqualTo(ONE);
        assertThat(harness.ledger("acme").committed()).isEqualTo(2 * ONE);
        assertThat(harness.metrics.count(Counter.BUDGET_HELD)).isOne();
        assertThat(harness.metrics.budgets().of("acme").held()).isOne();

        // r-1 is charged what was reserved: settled, and still no room for r-3.
        harness.api.submissions().get(1).answer(new ApiOutcome.Rejected(400, "HTTP 400: later"));
        harness.sweep(1);
        assertThat(harness.failed.readValue().getRequestId()).isEqualTo("r-2");
        harness.sweep(2);
        assertThat(harness.api.submissions())
                .as("r-2's rejection charged nothing: its reservation went to r-3")
                .hasSize(3);
        assertThat(harness.task("r-3").reserved()).isEqualTo(ONE);

        harness.api.submissions().get(0).answer(new ApiOutcome.Accepted("ta-1"));
        harness.sweep(1);
        harness.advance(Duration.ofSeconds(1));
        harness.api.queries().get(0).answer(succeeded("ta-1", "1.000000"));
        harness.sweep(2);

        assertThat(harness.completed.readValue().getRequestId()).isEqualTo("r-1");
        final TenantLedger ledger = harness.ledger("acme");
        assertThat(ledger.settled()).isEqualTo(ONE);
        assertThat(harness.reservations("acme")).containsOnlyKeys("r-3");
        assertThat(harness.metrics.budgets().of("acme").spent()).isEqualTo(ONE);
    }

    @Test
    void shouldReleaseTheReservationsOfCancelledRequestsWithoutACall() {
        harness.tenantPolicy("acme", "{\"budget\":1}");
        send("r-1");
        send("r-2");
        assertThat(harness.task("r-1").phase()).as("reserved, not swept yet").isEqualTo(TaskPhase.QUEUED);
        assertThat(harness.task("r-2").phase()).as("held").isEqualTo(TaskPhase.RESERVING);

        harness.cancel("r-1", null, null);
        assertThat(harness.task("r-2").phase())
                .as("r-1's release made room for r-2")
                .isEqualTo(TaskPhase.QUEUED);
        harness.cancel("r-2", null, null);

        assertThat(harness.failed.readValuesToList())
                .extracting(VideoFailed::getError)
                .containsExactly(FailureReason.CANCELLED, FailureReason.CANCELLED);
        assertThat(harness.ledger("acme").committed()).isZero();
        harness.sweep(5);
        assertThat(harness.api.calls()).isEmpty();
    }

    @Test
    void shouldReleaseHeldRequestsWhenTheNextPeriodBegins() {
        harness.tenantPolicy("acme", "{\"budget\":1,\"budget_period\":\"1h\"}");
        send("r-1");
        send("r-2");
        harness.sweep(2);
        finish("ta-1", succeeded("ta-1", "1.000000"));
        assertThat(harness.completed.readValue().getRequestId()).isEqualTo("r-1");
        assertThat(harness.task("r-2").phase()).isEqualTo(TaskPhase.RESERVING);

        // The harness starts at 10:00 UTC: the next hourly period begins at 11:00.
        final long untilNextHour = Instant.parse("2026-11-25T11:00:00Z").toEpochMilli() - harness.now();
        harness.advance(Duration.ofMillis(untilNextHour - 1_000));
        assertThat(harness.task("r-2").phase()).as("still this period").isEqualTo(TaskPhase.RESERVING);
        harness.advance(Duration.ofSeconds(2));

        assertThat(harness.task("r-2").phase()).isNotEqualTo(TaskPhase.RESERVING);
        assertThat(harness.api.submissions()).hasSize(2);
        final TenantLedger ledger = harness.ledger("acme");
        assertThat(ledger.settled()).as("a new period").isZero();
        assertThat(harness.reservations("acme")).containsOnlyKeys("r-2");
    }

    @Test
    void shouldFailAHeldRequestAtItsDeadlineAndForgetItInTheLedger() {
        harness.tenantPolicy("acme", "{\"budget\":1}");
        send("r-1");
        harness.send(VideoRequest.newBuilder(Samples.request("r-2"))
                .setTenant("acme")
                .setDeadline(Instant.ofEpochMilli(harness.now()).plus(Duration.ofMinutes(5)))
                .build());
        harness.advance(Duration.ofMinutes(5).plusSeconds(1));

        final VideoFailed failed = harness.failed.readValue();
        assertThat(failed.getRequestId()).isEqualTo("r-2");
        assertThat(failed.getError()).isEqualTo(FailureReason.TIMED_OUT);
        assertThat(failed.getMessage()).contains("waited for room in its tenant's budget");
        assertThat(harness.ledger("acme").held()).isZero();
        assertThat(harness.reservations("acme")).containsOnlyKeys("r-1");
    }

    @Test
    void shouldFailAtOnceWhenThePolicySaysSoAndAlert() {
        harness.tenantPolicy(
                "acme",
                "{\"budget\":1.5,\"budget_period\":\"1d\",\"over_budget\":\"FAIL\",\"budget_soft_limit_percent\":50}");
        send("r-1");
        send("r-2");

        final VideoFailed failed = harness.failed.readValue();
        assertThat(failed.getRequestId()).isEqualTo("r-2");
        assertThat(failed.getError()).isEqualTo(FailureReason.BUDGET_EXCEEDED);
        assertThat(failed.getCategory()).isEqualTo(FailureCategory.BUDGET);
        assertThat(failed.getRetriable()).isTrue();
        assertThat(failed.getMessage()).contains("budget of 1.5 credits per 1d").contains("policy is to fail");
        assertThat(failed.getAttempts()).isZero();
        assertThat(harness.metrics.count(Counter.BUDGET_REFUSED)).isOne();

        assertThat(harness.alerts.readValuesToList())
                .extracting(BudgetAlert::getKind, BudgetAlert::getRequestId)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple(BudgetAlertKind.SOFT_LIMIT, "r-1"),
                        org.assertj.core.groups.Tuple.tuple(BudgetAlertKind.HARD_LIMIT, "r-2"));
        assertThat(harness.reservations("acme"))
                .as("a refused request leaves nothing reserved")
                .containsOnlyKeys("r-1");
    }

    @Test
    void shouldCountAnOverrunAndReserveAtTheHigherPriceFromThenOn() {
        harness.tenantPolicy("acme", "{\"budget\":10}");
        send("r-1");
        harness.sweep(2);
        finish("ta-1", succeeded("ta-1", "1.500000"));

        final BudgetAlert overrun = harness.alerts.readValue();
        assertThat(overrun.getKind()).isEqualTo(BudgetAlertKind.OVERRUN);
        assertThat(overrun.getOverrun()).isEqualTo("0.5");
        assertThat(harness.metrics.budgets().of("acme").overruns()).isOne();
        assertThat(harness.metrics.count(Counter.BUDGET_OVERRUNS)).isOne();

        send("r-2");
        assertThat(harness.task("r-2").reserved())
                .as("0.15 credit per second, as r-1 was charged")
                .isEqualTo(1_500_000);
    }

    @Test
    void shouldKeepEachTenantsWaitApartEvenWhenOneNameBeginsAnother() {
        harness.tenantPolicy("acme", "{\"budget\":1}");
        harness.tenantPolicy("acme2", "{\"budget\":1}");
        for (final String tenant : new String[] {"acme", "acme2"}) {
            for (int i = 0; i < 3; i++) {
                harness.send(VideoRequest.newBuilder(Samples.request(tenant + "-" + i))
                        .setTenant(tenant)
                        .build());
            }
        }
        assertThat(harness.ledger("acme").held()).isEqualTo(2);
        assertThat(harness.ledger("acme2").held()).isEqualTo(2);

        harness.cancel("acme-0", null, null);

        assertThat(harness.task("acme-1").phase())
                .as("acme's first waiting request")
                .isEqualTo(TaskPhase.QUEUED);
        assertThat(harness.task("acme2-1").phase())
                .as("acme2's wait is its own")
                .isEqualTo(TaskPhase.RESERVING);
        assertThat(harness.reservations("acme")).containsOnlyKeys("acme-1");
        assertThat(harness.reservations("acme2")).containsOnlyKeys("acme2-0");
        assertThat(harness.ledger("acme").held()).isOne();
        assertThat(harness.ledger("acme2").held()).isEqualTo(2);
    }

    @Test
    void shouldReserveNothingForATenantWithoutABudget() {
        send("r-1");
        harness.sweep(2);
        assertThat(harness.api.submissions()).hasSize(1);
        assertThat(harness.task("r-1").reserved()).isNull();
        assertThat(harness.ledger("acme")).isNull();
    }
}
