package io.seedance.streams.topology;

import static org.assertj.core.api.Assertions.assertThat;

import io.seedance.streams.schemas.FailureReason;
import io.seedance.streams.schemas.Samples;
import io.seedance.streams.schemas.VideoFailed;
import io.seedance.streams.schemas.VideoRequest;
import io.seedance.streams.topology.ProcessorMetrics.Counter;
import io.seedance.streams.upstream.ApiOutcome;
import io.seedance.streams.upstream.TaskStatus;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Cancellations on the test driver's clock: before, during and after the submission. */
class CancelsTest {

    private final TopologyHarness harness = new TopologyHarness(TopologyHarness.testConfig()
            .submitsPerMinute(60)
            .maxTasksInFlight(1_000)
            .build());

    @AfterEach
    void close() {
        harness.close();
    }

    @Test
    void shouldEndAQueuedRequestAtOnceWithoutEverCallingTheUpstream() {
        for (int i = 0; i < 10; i++) {
            harness.send(Samples.request("backlog-" + i));
        }
        harness.send(Samples.request("r-1"));
        harness.sweep(1);
        assertThat(harness.task("r-1").phase()).isEqualTo(TaskPhase.QUEUED);

        harness.cancel("r-1", null, "the user closed the page");

        final VideoFailed failed = harness.failed.readValue();
        assertThat(failed.getRequestId()).isEqualTo("r-1");
        assertThat(failed.getError()).isEqualTo(FailureReason.CANCELLED);
        assertThat(failed.getMessage()).contains("the user closed the page");
        assertThat(failed.getRetriable()).isFalse();
        assertThat(failed.getAttempts()).isZero();
        harness.advance(Duration.ofSeconds(30));
        assertThat(harness.api.submissions()).as("the backlog only").hasSize(10);
        assertThat(harness.task("r-1").submissions()).isZero();
        assertThat(harness.metrics.count(Counter.CANCELS_APPLIED)).isOne();
    }

    @Test
    void shouldWinTheRaceWithASubmissionMarkedButNotYetSent() {
        harness.send(Samples.request("r-1"));
        harness.sweep(1);
        assertThat(harness.task("r-1").phase())
                .as("marked in this sweep, to be sent at the next")
                .isEqualTo(TaskPhase.SUBMITTING);
        assertThat(harness.gate.tasksInFlight()).isOne();

        harness.cancel("r-1", null, null);
        harness.sweep(10);

        assertThat(harness.api.calls()).as("the marked call is never sent").isEmpty();
        final VideoFailed failed = harness.failed.readValue();
        assertThat(failed.getError()).isEqualTo(FailureReason.CANCELLED);
        assertThat(failed.getAttempts()).as("no upstream call was spent").isZero();
        assertThat(harness.gate.tasksInFlight()).as("its seat is free again").isZero();
        assertThat(harness.gate.callsInFlight()).isZero();
        assertThat(harness.gate.unappliedCalls()).isZero();
    }

    @Test
    void shouldDeliverTheVideoOfARequestCancelledAfterItsSubmissionWentOut() {
        harness.send(Samples.request("r-1"));
        harness.sweep(2);
        final ScriptedApi.Call submit = harness.api.onlyUnanswered();

        harness.cancel("r-1", null, null);
        harness.cancel("r-1", null, null);

        assertThat(harness.failed.isEmpty()).isTrue();
        assertThat(harness.task("r-1").cancelRequestedAt()).isEqualTo(harness.now());
        assertThat(harness.metrics.count(Counter.CANCELS_TOO_LATE)).isOne();
        assertThat(harness.metrics.count(Counter.CANCELS_IGNORED))
                .as("the second cancel is idempotent")
                .isOne();

        submit.answer(new ApiOutcome.Accepted("ta-1"));
        harness.sweep(1);
        harness.advance(harness.config.firstPollDelay());
        harness.api
                .onlyUnanswered()
                .answer(new ApiOutcome.Succeeded(
                        new TaskStatus("ta-1", "success", "https://cdn/ta-1.mp4", null, null, null)));
        harness.sweep(2);

        assertThat(harness.completed.readValue().getRequestId()).isEqualTo("r-1");
        assertThat(harness.failed.isEmpty()).isTrue();
    }

    @Test
    void shouldOnlyCountCancelsOfFinishedRequestsAndRepeatedCancels() {
        harness.send(Samples.request("r-1"));
        harness.cancel("r-1", null, null);
        harness.cancel("r-1", null, null);

        assertThat(harness.failed.readValuesToList()).hasSize(1);
        assertThat(harness.metrics.count(Counter.CANCELS_APPLIED)).isOne();
        assertThat(harness.metrics.count(Counter.CANCELS_IGNORED)).isOne();
    }

    @Test
    void shouldCancelARequestWhoseCancelWasReadFirst() {
        harness.cancel("r-1", null, null);
        harness.cancel("r-1", null, null);
        assertThat(harness.metrics.count(Counter.CANCELS_EARLY)).isOne();
        assertThat(harness.failed.isEmpty()).isTrue();

        harness.send(VideoRequest.newBuilder(Samples.request("r-1"))
                .setTenant("shop")
                .build());
        harness.send(Samples.request("r-1")); // a replay is a duplicate, as for any finished request
        harness.sweep(5);

        final VideoFailed failed = harness.failed.readValue();
        assertThat(failed.getError()).isEqualTo(FailureReason.CANCELLED);
        assertThat(failed.getTenant()).as("echoes the request").isEqualTo("shop");
        assertThat(harness.failed.isEmpty()).isTrue();
        assertThat(harness.api.calls()).isEmpty();
        assertThat(harness.metrics.count(Counter.CANCELS_APPLIED)).isOne();
    }

    @Test
    void shouldNotLetAnEarlyCancelOfAnotherTenantStopTheRequest() {
        harness.cancel("r-1", "someone-else", null);
        harness.send(VideoRequest.newBuilder(Samples.request("r-1"))
                .setTenant("shop")
                .build());
        harness.sweep(2);

        assertThat(harness.failed.isEmpty()).isTrue();
        assertThat(harness.api.submissions()).hasSize(1);
        assertThat(harness.metrics.count(Counter.CANCELS_REFUSED)).isOne();
        assertThat(harness.metrics.tasks(TaskPhase.DONE))
                .as("the refused cancel's marker is gone, not counted as a finished task")
                .isZero();
        assertThat(harness.metrics.tasks(TaskPhase.SUBMITTING)).isOne();
    }

    @Test
    void shouldRefuseACancelNamingAnotherTenantAndLetTheRequestGoOn() {
        harness.send(VideoRequest.newBuilder(Samples.request("r-1"))
                .setTenant("shop")
                .build());
        harness.cancel("r-1", "someone-else", null);
        harness.sweep(2);

        assertThat(harness.failed.isEmpty()).isTrue();
        assertThat(harness.api.submissions()).hasSize(1);
        assertThat(harness.metrics.count(Counter.CANCELS_REFUSED)).isOne();
    }

    @Test
    void shouldCancelForTheRequestsOwnTenant() {
        harness.send(VideoRequest.newBuilder(Samples.request("r-1"))
                .setTenant("shop")
                .build());
        harness.send(Samples.request("r-2"));
        harness.cancel("r-1", "shop", null);
        harness.cancel("r-2", "default", null);

        assertThat(harness.failed.readValuesToList())
                .extracting(VideoFailed::getError)
                .containsExactly(FailureReason.CANCELLED, FailureReason.CANCELLED);
    }
}
