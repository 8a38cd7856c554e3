package io.seedance.streams.topology;

import static org.assertj.core.api.Assertions.assertThat;

import io.seedance.streams.schemas.Priority;
import io.seedance.streams.schemas.Samples;
import io.seedance.streams.schemas.VideoRequest;
import io.seedance.streams.upstream.ContentItem;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The scheduler in one partition, on the test driver's clock: levels, tenants, reserved seats, metrics. */
class PriorityLevelsTest {

    private TopologyHarness harness;

    @AfterEach
    void close() {
        harness.close();
    }

    @Test
    void shouldSubmitAnInteractiveRequestAheadOfAnOlderBatchBacklog() {
        harness = new TopologyHarness(TopologyHarness.testConfig()
                .submitsPerMinute(60)
                .maxTasksInFlight(1_000)
                .build());
        for (int i = 0; i < 30; i++) {
            harness.send(request("batch-" + i, Priority.BATCH));
        }
        harness.advance(Duration.ofSeconds(5));
        final int batchBefore = harness.api.submissions().size();

        harness.send(request("interactive-1", Priority.INTERACTIVE));
        harness.advance(Duration.ofSeconds(2));

        assertThat(prompts())
                .as("one a second: the interactive request is the next to go, not the 31st")
                .contains("interactive-1")
                .hasSizeLessThanOrEqualTo(batchBefore + 3);
        assertThat(harness.metrics.levels().submissions(Priority.INTERACTIVE)).isOne();
        assertThat(harness.metrics.levels().queued(Priority.BATCH))
                .isEqualTo(30 - (prompts().size() - 1));
        assertThat(harness.metrics.levels().queued(Priority.INTERACTIVE)).isZero();
    }

    @Test
    void shouldShareSubmissionsBetweenWaitingLevelsByTheirShares() {
        harness = new TopologyHarness(TopologyHarness.testConfig()
                .submitsPerMinute(60)
                .maxTasksInFlight(1_000)
                .build());
        for (int i = 0; i < 100; i++) {
            harness.send(request("standard-" + i, Priority.STANDARD));
            harness.send(request("batch-" + i, Priority.BATCH));
        }

        harness.advance(Duration.ofSeconds(80));

        // 50 : 30 of about 80 submissions; first come, first served would have sent 40 : 40.
        final long standard =
                prompts().stream().filter(p -> p.startsWith("standard-")).count();
        final long batch =
                prompts().stream().filter(p -> p.startsWith("batch-")).count();
        assertThat((double) standard / (standard + batch)).isBetween(0.58, 0.67);
        assertThat(batch).as("BATCH keeps its share").isGreaterThan(20);
    }

    @Test
    void shouldAlternateBetweenTheTenantsOfALevelInsteadOfServingTheFloodFirst() {
        harness = new TopologyHarness(TopologyHarness.testConfig()
                .submitsPerMinute(60)
                .maxTasksInFlight(1_000)
                .build());
        for (int i = 0; i < 100; i++) {
            harness.send(request("flood-" + i, Priority.BATCH, "a"));
        }
        harness.advance(Duration.ofSeconds(3));
        for (int i = 0; i < 10; i++) {
            harness.send(request("small-" + i, Priority.BATCH, "b"));
        }

        harness.advance(Duration.ofSeconds(20));

        // One a second, shared equally once b waits: b's ten go within about twenty seconds,
        // not after a's hundred.
        assertThat(prompts().stream().filter(p -> p.startsWith("small-"))).hasSize(10);
        assertThat(prompts().stream().filter(p -> p.startsWith("flood-")).count())
                .as("a keeps its half meanwhile")
                .isBetween(10L, 16L);
    }

    @Test
    void shouldApplyATenantPolicyFromTheTenantsTopicToTheNextSubmissions() {
        harness = new TopologyHarness(TopologyHarness.testConfig()
                .submitsPerMinute(60)
                .maxTasksInFlight(1_000)
                .build());
        harness.tenantPolicy("a", "{\"weight\":3}");
        harness.tenantPolicy("b", "{\"default_priority\":\"batch\"}");
        harness.tenantPolicy("c", "{\"weight\":0}"); // refused: logged, counted, ignored
        for (int i = 0; i < 60; i++) {
            harness.send(request("a-" + i, Priority.STANDARD, "a"));
            harness.send(request("b-" + i, Priority.STANDARD, "b"));
            harness.send(request("c-" + i, null, "c"));
        }

        harness.advance(Duration.ofSeconds(40));

        assertThat(harness.order.policies().invalidRecords()).isOne();
        assertThat(harness.task("c-0").request().level())
                .as("c's policy was refused: the defaults, STANDARD")
                .isEqualTo(Priority.STANDARD);
        assertThat(harness.task("b-0").request().level())
                .as("b named a priority: its default does not apply")
                .isEqualTo(Priority.STANDARD);
        // a weighs 3, b and c 1 each: a gets three fifths of STANDARD's submissions.
        final long a = prompts().stream().filter(p -> p.startsWith("a-")).count();
        assertThat((double) a / prompts().size()).isBetween(0.55, 0.65);

        harness.tenantPolicy("a", null); // back to the defaults
        harness.send(request("b-default", null, "b"));
        assertThat(harness.task("b-default").request().level()).isEqualTo(Priority.BATCH);
    }

    @Test
    void shouldKeepInteractivesReservedSeatsFromABatchFlood() {
        harness = new TopologyHarness(TopologyHarness.testConfig()
                .maxTasksInFlight(10)
                .build()); // nothing is ever answered: every submission keeps its seat
        for (int i = 0; i < 30; i++) {
            harness.send(request("batch-" + i, Priority.BATCH));
        }
        harness.advance(Duration.ofSeconds(5));
        assertThat(harness.api.submissions()).hasSize(8);
        assertThat(harness.gate.seatsInUse(Priority.BATCH)).isEqualTo(8);

        harness.send(request("interactive-1", Priority.INTERACTIVE));
        harness.advance(Duration.ofSeconds(1));

        assertThat(prompts()).hasSize(9).contains("interactive-1");
        assertThat(harness.gate.seatsInUse(Priority.INTERACTIVE)).isOne();
    }

    @Test
    void shouldHoldATenantToItsQuotasWhileOthersGoOnAndFailNothingForIt() {
        harness = new TopologyHarness(TopologyHarness.testConfig()
                .submitsPerMinute(60)
                .maxTasksInFlight(1_000)
                .build()); // nothing is ever answered: every submission keeps its seat
        harness.tenantPolicy("seats", "{\"max_seats\":3}");
        harness.tenantPolicy("rate", "{\"max_submits_per_minute\":12}");
        for (int i = 0; i < 20; i++) {
            harness.send(request("seats-" + i, Priority.STANDARD, "seats"));
            harness.send(request("rate-" + i, Priority.STANDARD, "rate"));
            harness.send(request("free-" + i, Priority.STANDARD, "free"));
        }

        harness.advance(Duration.ofSeconds(60));

        assertThat(prompts().stream().filter(p -> p.startsWith("seats-"))).hasSize(3);
        assertThat(prompts().stream().filter(p -> p.startsWith("rate-")).count())
                .as("never past its 12 a minute")
                .isBetween(10L, 12L);
        assertThat(prompts().stream().filter(p -> p.startsWith("free-")))
                .as("the held tenants' turns went to the free one")
                .hasSize(20);
        assertThat(harness.order.quotas().seats("seats")).isEqualTo(3);
        assertThat(harness.metrics.tenants().of("seats").overQuota()).isGreaterThan(Duration.ofSeconds(30));
        assertThat(harness.metrics.tenants().of("seats").seats()).isEqualTo(3);
        assertThat(harness.metrics.tenants().of("seats").queued()).isEqualTo(17);
        assertThat(harness.metrics.tenants().of("free").submissions()).isEqualTo(20);
        assertThat(harness.metrics.tenants().of("free").overQuota()).isZero();
        assertThat(harness.task("seats-19").phase()).as("waiting, not failed").isEqualTo(TaskPhase.QUEUED);

        harness.tenantPolicy("seats", "{\"max_seats\":5}"); // raised live
        harness.advance(Duration.ofSeconds(5));
        assertThat(prompts().stream().filter(p -> p.startsWith("seats-"))).hasSize(5);
    }

    private List<String> prompts() {
        return harness.api.submissions().stream()
                .map(call -> call.request().content().stream()
                        .filter(ContentItem.Text.class::isInstance)
                        .map(item -> ((ContentItem.Text) item).text())
                        .findFirst()
                        .orElseThrow())
                .toList();
    }

    private static VideoRequest request(final String id, final Priority priority) {
        return request(id, priority, null);
    }

    private static VideoRequest request(final String id, final Priority priority, final String tenant) {
        return VideoRequest.newBuilder(Samples.request(id))
                .setPrompt(id)
                .setPriority(priority)
                .setTenant(tenant)
                .build();
    }
}
