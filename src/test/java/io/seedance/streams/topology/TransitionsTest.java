package io.seedance.streams.topology;

import static org.assertj.core.api.Assertions.assertThat;

import io.seedance.streams.schemas.FailureReason;
import io.seedance.streams.schemas.Priority;
import io.seedance.streams.schemas.Samples;
import io.seedance.streams.schemas.VideoCompleted;
import io.seedance.streams.schemas.VideoFailed;
import io.seedance.streams.schemas.VideoRequest;
import io.seedance.streams.topology.ProcessorMetrics.Counter;
import io.seedance.streams.topology.Transitions.Step;
import io.seedance.streams.upstream.ApiOutcome;
import io.seedance.streams.upstream.TaskStatus;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The state machine of docs/design.md, one arrow at a time, without a test driver. */
class TransitionsTest {

    private static final long NOW = 1_000_000L;
    private static final ProcessorConfig CONFIG = ProcessorConfig.builder()
            .firstPollDelay(Duration.ofSeconds(30))
            .notFoundGrace(Duration.ofSeconds(30))
            .duplicateRetention(Duration.ofHours(24))
            .build();

    private final Transitions transitions = new Transitions(CONFIG, new PollPlanner(CONFIG));

    private static Task queued() {
        return Task.queued("r-1", TaskRequest.of(Samples.request("r-1"), NOW), NOW, NOW + 3_600_000);
    }

    private static Task pending() {
        return queued().submitting(NOW + 60_000).accepted("t-1", NOW, NOW);
    }

    @Test
    void shouldMakeAnAcceptedSubmissionPendingUntilItsFirstQuery() {
        final Step step = transitions.submitted(queued().submitting(NOW + 60_000), new ApiOutcome.Accepted("t-1"), NOW);

        assertThat(step.task().phase()).isEqualTo(TaskPhase.PENDING);
        assertThat(step.task().taskId()).isEqualTo("t-1");
        assertThat(step.task().dueAt()).isEqualTo(NOW + 30_000);
        assertThat(step.event()).isEmpty();
        assertThat(step.counters()).containsExactly(Counter.SUBMISSIONS_ACCEPTED);
    }

    @Test
    void shouldFailARejectedSubmissionAtOnceAsNotRetriable() {
        final Step step = transitions.submitted(
                queued().submitting(NOW + 60_000), new ApiOutcome.Rejected(400, "prompt is empty"), NOW);

        assertThat(step.task().phase()).isEqualTo(TaskPhase.DONE);
        assertThat(step.event()).get().isInstanceOfSatisfying(VideoFailed.class, failed -> {
            assertThat(failed.getError()).isEqualTo(FailureReason.REJECTED_BY_API);
            assertThat(failed.getMessage()).isEqualTo("prompt is empty");
            assertThat(failed.getRetriable()).isFalse();
        });
        assertThat(step.counters()).containsExactly(Counter.SUBMISSIONS_REJECTED, Counter.FAILED);
    }

    @Test
    void shouldQueueASubmissionAgainAfterA429NoSoonerThanRetryAfter() {
        final Step step = transitions.submitted(
                queued().submitting(NOW + 60_000),
                new ApiOutcome.Transient(ApiOutcome.Cause.RATE_LIMITED, Optional.of(Duration.ofSeconds(90)), "429"),
                NOW);

        assertThat(step.task().phase()).isEqualTo(TaskPhase.QUEUED);
        assertThat(step.task().dueAt()).isGreaterThanOrEqualTo(NOW + 90_000);
        assertThat(step.task().retries()).isEqualTo(1);
        assertThat(step.counters()).containsExactly(Counter.SUBMISSIONS_FAILED_TRANSIENT, Counter.RATE_LIMITED);
    }

    @Test
    void shouldCompleteASucceededTaskWithItsVideo() {
        final TaskStatus status = new TaskStatus("t-1", "success", "https://cdn.test/v.mp4", "0.5", null, null);

        final Step step = transitions.queried(pending(), new ApiOutcome.Succeeded(status), NOW + 60_000);

        assertThat(step.task().phase()).isEqualTo(TaskPhase.DONE);
        assertThat(step.event()).get().isInstanceOfSatisfying(VideoCompleted.class, completed -> {
            assertThat(completed.getVideoUrl()).isEqualTo("https://cdn.test/v.mp4");
            assertThat(completed.getConsumed()).isEqualTo("0.5");
        });
        assertThat(step.counters()).containsExactly(Counter.COMPLETED);
    }

    @Test
    void shouldGiveAnUnknownTaskItsGraceBeforeTaskNotFound() {
        final Step first = transitions.queried(pending(), new ApiOutcome.NotFound("404"), NOW);
        assertThat(first.task().phase()).isEqualTo(TaskPhase.PENDING);
        assertThat(first.event()).isEmpty();

        final Step last = transitions.queried(first.task(), new ApiOutcome.NotFound("404"), NOW + 30_000);

        assertThat(last.event())
                .get()
                .isInstanceOfSatisfying(
                        VideoFailed.class,
                        failed -> assertThat(failed.getError()).isEqualTo(FailureReason.TASK_NOT_FOUND));
    }

    @Test
    void shouldTakeAnUnknownStatusAsRunningAndCountIt() {
        final TaskStatus status = new TaskStatus("t-1", "warming_up", null, null, null, null);

        final Step step = transitions.queried(pending(), new ApiOutcome.Running(status, false), NOW);

        assertThat(step.task().phase()).isEqualTo(TaskPhase.PENDING);
        assertThat(step.task().dueAt()).isGreaterThan(NOW);
        assertThat(step.counters()).containsExactly(Counter.UNKNOWN_STATUS);
    }

    @Test
    void shouldResubmitOrFailATaskWhoseSubmissionOutcomeWasLostByPolicy() {
        final Task lost = queued().submitting(NOW);

        final Step resubmit = transitions.submissionOutcomeUnknown(lost, NOW);
        final Step fail = new Transitions(
                        ProcessorConfig.builder()
                                .outcomeUnknownPolicy(ProcessorConfig.OutcomeUnknownPolicy.FAIL)
                                .build(),
                        new PollPlanner(CONFIG))
                .submissionOutcomeUnknown(lost, NOW);

        assertThat(resubmit.task().phase()).isEqualTo(TaskPhase.QUEUED);
        assertThat(resubmit.counters()).containsExactly(Counter.OUTCOME_UNKNOWN_RESUBMITTED);
        assertThat(fail.event())
                .get()
                .isInstanceOfSatisfying(
                        VideoFailed.class,
                        failed -> assertThat(failed.getError()).isEqualTo(FailureReason.SUBMISSION_OUTCOME_UNKNOWN));
    }

    @Test
    void shouldTimeOutAQueuedTaskPastItsDeadlineUnsubmitted() {
        final Step step = transitions.queuedPastDeadline(queued(), NOW + 3_600_000);

        assertThat(step.task().phase()).isEqualTo(TaskPhase.DONE);
        assertThat(step.event()).get().isInstanceOfSatisfying(VideoFailed.class, failed -> {
            assertThat(failed.getError()).isEqualTo(FailureReason.TIMED_OUT);
            assertThat(failed.getTaskId()).isNull();
        });
    }

    @Test
    void shouldEchoTheTenantAndPriorityInEveryTerminalEvent() {
        final VideoRequest given = VideoRequest.newBuilder(Samples.request("r-2"))
                .setTenant("acme")
                .setPriority(Priority.BATCH)
                .build();
        final Task pending = Task.queued("r-2", TaskRequest.of(given, NOW), NOW, NOW + 3_600_000)
                .submitting(NOW)
                .accepted("t-2", NOW, NOW);
        final TaskStatus done = new TaskStatus("t-2", "success", "https://cdn.test/v.mp4", "0.5", null, null);

        final Step completed = transitions.queried(pending, new ApiOutcome.Succeeded(done), NOW);
        final Step failed = transitions.pendingPastDeadline(pending, NOW + 3_600_000);

        assertThat(completed.event()).get().isInstanceOfSatisfying(VideoCompleted.class, event -> {
            assertThat(event.getTenant()).isEqualTo("acme");
            assertThat(event.getPriority()).isEqualTo(Priority.BATCH);
        });
        assertThat(failed.event()).get().isInstanceOfSatisfying(VideoFailed.class, event -> {
            assertThat(event.getTenant()).isEqualTo("acme");
            assertThat(event.getPriority()).isEqualTo(Priority.BATCH);
        });
        assertThat(TerminalEvents.invalid("r-3", given, "bad", NOW)).satisfies(event -> {
            assertThat(event.getTenant()).isEqualTo("acme");
            assertThat(event.getPriority()).isEqualTo(Priority.BATCH);
        });
    }
}
