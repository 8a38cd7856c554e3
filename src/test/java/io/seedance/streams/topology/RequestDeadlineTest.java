package io.seedance.streams.topology;

import static org.assertj.core.api.Assertions.assertThat;

import io.seedance.streams.schemas.FailureReason;
import io.seedance.streams.schemas.Samples;
import io.seedance.streams.schemas.VideoFailed;
import io.seedance.streams.schemas.VideoRequest;
import io.seedance.streams.upstream.ApiOutcome;
import io.seedance.streams.upstream.TaskStatus;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** A request's own deadline, on the test driver's clock. */
class RequestDeadlineTest {

    private final TopologyHarness harness = new TopologyHarness(TopologyHarness.testConfig()
            .submitsPerMinute(60)
            .maxTasksInFlight(1_000)
            .taskDeadline(Duration.ofMinutes(10))
            .maxPollInterval(Duration.ofSeconds(5))
            .build());

    @AfterEach
    void close() {
        harness.close();
    }

    @Test
    void shouldFailAQueuedRequestAtItsDeadlineWhateverItsPlaceAndNeverSubmitIt() {
        for (int i = 0; i < 30; i++) {
            harness.send(Samples.request("backlog-" + i));
        }
        final Instant deadline = Instant.ofEpochMilli(harness.now()).plusSeconds(5);
        harness.send(withDeadline("r-1", deadline));

        harness.advance(Duration.ofSeconds(6));

        final VideoFailed failed = harness.failed.readValue();
        assertThat(failed.getRequestId()).isEqualTo("r-1");
        assertThat(failed.getError()).isEqualTo(FailureReason.TIMED_OUT);
        assertThat(failed.getMessage()).contains("the request's deadline (" + deadline + ")");
        assertThat(failed.getFailedAt())
                .as("at its deadline, within a sweep, not when its turn would have come (30 s)")
                .isBetween(deadline, deadline.plus(harness.config.sweepInterval()));
        harness.advance(Duration.ofSeconds(40));
        assertThat(harness.api.submissions()).as("the backlog only").hasSize(30);
        assertThat(harness.task("r-1").submissions()).isZero();
    }

    @Test
    void shouldRefuseADeadlineAlreadyPast() {
        harness.send(withDeadline("r-1", Instant.ofEpochMilli(harness.now()).minusSeconds(1)));

        final VideoFailed failed = harness.failed.readValue();
        assertThat(failed.getError()).isEqualTo(FailureReason.INVALID_REQUEST);
        assertThat(failed.getMessage()).contains("deadline").contains("has already passed");
    }

    @Test
    void shouldEndASubmittedTaskAtTheRequestsDeadlineWhenItComesFirst() {
        final Instant deadline = Instant.ofEpochMilli(harness.now()).plusSeconds(30);
        harness.send(withDeadline("r-1", deadline));
        harness.sweep(2);
        harness.api.onlyUnanswered().answer(new ApiOutcome.Accepted("ta-1"));

        for (int i = 0; i < 60 && harness.failed.isEmpty(); i++) {
            harness.advance(Duration.ofSeconds(1));
            harness.api
                    .unanswered()
                    .forEach(call -> call.answer(
                            new ApiOutcome.Running(new TaskStatus("ta-1", "running", null, null, null, null), true)));
        }

        final VideoFailed failed = harness.failed.readValue();
        assertThat(failed.getError()).isEqualTo(FailureReason.TIMED_OUT);
        assertThat(failed.getTaskId()).isEqualTo("ta-1");
        assertThat(failed.getMessage()).contains("the request's deadline");
        assertThat(failed.getFailedAt()).isBefore(deadline.plusSeconds(6));
    }

    private static VideoRequest withDeadline(final String id, final Instant deadline) {
        return VideoRequest.newBuilder(Samples.request(id))
                .setDeadline(deadline)
                .build();
    }
}
