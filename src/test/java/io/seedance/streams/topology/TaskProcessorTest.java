package io.seedance.streams.topology;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.seedance.streams.schemas.FailureReason;
import io.seedance.streams.schemas.Samples;
import io.seedance.streams.schemas.VideoCompleted;
import io.seedance.streams.schemas.VideoFailed;
import io.seedance.streams.schemas.VideoRequest;
import io.seedance.streams.topology.ProcessorMetrics.Counter;
import io.seedance.streams.upstream.ApiOutcome;
import io.seedance.streams.upstream.TaskStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.UnaryOperator;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Every transition of the task state machine, in Kafka's test driver with a mock wall clock. */
class TaskProcessorTest {

    private TopologyHarness harness;

    @AfterEach
    void close() {
        if (harness != null) {
            harness.close();
        }
    }

    @Test
    void shouldSubmitPollAndEmitVideoCompletedWithEverythingASubscriberNeeds() {
        start(UnaryOperator.identity());
        final VideoRequest request = Samples.request("r-1");
        harness.send(request);
        // The gauge reads the harness's clock: five seconds on it make the live task five seconds old.
        assertThat(harness.metrics.oldestLiveTaskSeconds()).isZero();
        harness.clock.advance(Duration.ofSeconds(5));
        assertThat(harness.metrics.oldestLiveTaskSeconds()).isEqualTo(5.0);

        final ScriptedApi.Call submit = submitted();
        assertThat(submit.request().model()).isEqualTo("seedance-2.0");
        assertThat(submit.request().durationSeconds()).isEqualTo(10);
        assertThat(submit.request().ratio().wire()).isEqualTo("9:16");
        assertThat(submit.request().content()).hasSize(3);
        submit.answer(new ApiOutcome.Accepted("ta-1"));
        harness.sweep(1);
        assertThat(harness.task("r-1").phase()).isEqualTo(TaskPhase.PENDING);
        assertThat(harness.task("r-1").taskId()).isEqualTo("ta-1");

        harness.advance(harness.config.firstPollDelay());
        final ScriptedApi.Call query = harness.api.onlyUnanswered();
        assertThat(query.taskId()).isEqualTo("ta-1");
        query.answer(new ApiOutcome.Running(status("ta-1", "in_progress", null), true));
        harness.sweep(1);
        harness.advance(harness.config.pollInterval());
        harness.api
                .onlyUnanswered()
                .answer(new ApiOutcome.Succeeded(new TaskStatus(
                        "ta-1",
                        "success",
                        "https://cdn.example/v.mp4",
                        "1.000000",
                        null,
                        Instant.parse("2026-11-25T10:00:01Z"))));
        harness.sweep(1);

        final VideoCompleted completed = harness.completed.readValue();
        assertThat(completed.getRequestId()).isEqualTo("r-1");
        assertThat(completed.getTaskId()).isEqualTo("ta-1");
        assertThat(completed.getVideoUrl()).isEqualTo("https://cdn.example/v.mp4");
        assertThat(completed.getModel()).isEqualTo("seedance-2.0");
        assertThat(completed.getDurationSeconds()).isEqualTo(10);
        assertThat(completed.getRatio()).isEqualTo("9:16");
        assertThat(completed.getConsumed()).isEqualTo("1.000000");
        assertThat(completed.getTaskCreatedAt()).isEqualTo(Instant.parse("2026-11-25T10:00:01Z"));
        assertThat(completed.getQueryCount()).isEqualTo(2);
        assertThat(completed.getSubmittedAt()).isBefore(completed.getCompletedAt());
        assertThat(completed.getMetadata()).isEqualTo(request.getMetadata());
        assertThat(harness.completed.isEmpty()).isTrue();
        assertThat(harness.failed.isEmpty()).isTrue();
        assertThat(harness.task("r-1").phase()).isEqualTo(TaskPhase.DONE);
        assertThat(harness.gate.tasksInFlight()).isZero();
        assertThat(harness.metrics.tasks(TaskPhase.DONE)).isOne();
        assertThat(harness.metrics.tasks(TaskPhase.PENDING)).isZero();
        assertThat(harness.metrics.tasks(TaskPhase.QUEUED)).isZero();
        assertThat(harness.metrics.oldestLiveTaskSeconds()).isZero();
    }

    @Test
    void shouldSubmitAtTheUpstreamsRateOnTheDriversClock() {
        harness = new TopologyHarness(TopologyHarness.testConfig()
                .submitsPerMinute(60)
                .maxTasksInFlight(1_000)
                .build());
        for (int i = 0; i < 30; i++) {
            harness.send(Samples.request("rate-" + i));
        }

        harness.advance(Duration.ofSeconds(20));

        // 60 a minute: two at once (the pace's capacity), then 58 a minute, for 20 s of mock time.
        assertThat(harness.api.submissions()).hasSizeBetween(20, 22);
    }

    @Test
    void shouldMakeTheSubmittingMarkDurableBeforeTheCallGoesOut() {
        start(UnaryOperator.identity());
        harness.send(Samples.request("r-1"));

        harness.sweep(1);
        assertThat(harness.task("r-1").phase()).isEqualTo(TaskPhase.SUBMITTING);
        assertThat(harness.api.calls())
                .as("no call in the sweep that marks the task")
                .isEmpty();

        harness.sweep(1);
        assertThat(harness.api.submissions()).hasSize(1);
    }

    @Test
    void shouldFailAnInvalidRequestNamingEveryProblemWithoutCallingTheUpstream() {
        start(UnaryOperator.identity());
        final VideoRequest invalid = VideoRequest.newBuilder(Samples.request("r-bad"))
                .setPrompt("The dog in @image3 chases the cat in @image1")
                .setImageUrls(List.of("https://example.com/cat.png", "ftp://example.com/dog.png"))
                .setDurationSeconds(7)
                .setRatio("2:1")
                .build();

        harness.send(invalid);
        harness.sweep(3);

        final VideoFailed failed = harness.failed.readValue();
        assertThat(failed.getRequestId()).isEqualTo("r-bad");
        assertThat(failed.getError()).isEqualTo(FailureReason.INVALID_REQUEST);
        assertThat(failed.getRetriable()).isFalse();
        assertThat(failed.getTaskId()).isNull();
        assertThat(failed.getMessage())
                .contains("image_urls[1] is not an http(s) URL")
                .contains("@image3")
                .contains("duration_seconds is 7")
                .contains("ratio is '2:1'");
        assertThat(failed.getMetadata()).isEqualTo(invalid.getMetadata());
        assertThat(harness.api.calls()).isEmpty();
        assertThat(harness.metrics.count(Counter.REQUESTS_INVALID)).isEqualTo(1);
    }

    @Test
    void shouldRejectTooManyImagesAnEmptyPromptAndAKeyThatIsNotTheRequestId() {
        start(UnaryOperator.identity());
        final VideoRequest request = VideoRequest.newBuilder(Samples.request("r-2"))
                .setPrompt(" ")
                .setImageUrls(IntStream.rangeClosed(1, 10)
                        .mapToObj(i -> "https://a/" + i + ".png")
                        .toList())
                .build();

        harness.requests.pipeInput("another-key", request);
        harness.sweep(1);

        assertThat(harness.failed.readValue().getMessage())
                .contains("prompt is empty")
                .contains("at most 9")
                .contains("differs from request_id");
    }

    @Test
    void shouldSubmitADuplicateRequestIdOnlyOnce() {
        start(UnaryOperator.identity());
        harness.send(Samples.request("r-1"));
        harness.send(Samples.request("r-1"));
        harness.sweep(2);
        harness.api.onlyUnanswered().answer(new ApiOutcome.Accepted("ta-1"));
        harness.send(Samples.request("r-1"));
        harness.sweep(2);

        assertThat(harness.api.submissions()).hasSize(1);
        assertThat(harness.metrics.count(Counter.REQUESTS_DUPLICATE)).isEqualTo(2);
    }

    @Test
    void shouldIgnoreAReplayOfAFinishedRequestUntilItsRetentionEnds() {
        start(b -> b.duplicateRetention(Duration.ofMinutes(10)));
        completeOne("r-1", "ta-1");
        assertThat(harness.completed.readValuesToList()).hasSize(1);

        harness.send(Samples.request("r-1"));
        harness.sweep(3);
        assertThat(harness.api.submissions()).hasSize(1);
        assertThat(harness.completed.isEmpty()).isTrue();

        harness.advance(Duration.ofMinutes(11));
        assertThat(harness.task("r-1")).isNull();
        harness.send(Samples.request("r-1"));
        harness.sweep(2);
        assertThat(harness.api.submissions()).hasSize(2);
    }

    @Test
    void shouldFailARejectedSubmissionWithTheApiMessage() {
        start(UnaryOperator.identity());
        harness.send(Samples.request("r-1"));
        submitted().answer(new ApiOutcome.Rejected(400, "HTTP 400: invalid parameters"));
        harness.sweep(1);

        final VideoFailed failed = harness.failed.readValue();
        assertThat(failed.getError()).isEqualTo(FailureReason.REJECTED_BY_API);
        assertThat(failed.getMessage()).isEqualTo("HTTP 400: invalid parameters");
        assertThat(failed.getRetriable()).isFalse();
        assertThat(failed.getAttempts()).isEqualTo(1);
        assertThat(harness.gate.tasksInFlight()).isZero();
    }

    @Test
    void shouldRetryATransientFailureWithBackoffKeptInTheTask() {
        start(b -> b.retryInitial(Duration.ofSeconds(2)));
        harness.send(Samples.request("r-1"));
        submitted().answer(new ApiOutcome.Transient(ApiOutcome.Cause.SERVER_ERROR, Optional.empty(), "HTTP 500"));
        harness.sweep(1);

        final Task queued = harness.task("r-1");
        assertThat(queued.phase()).isEqualTo(TaskPhase.QUEUED);
        assertThat(queued.retries()).isEqualTo(1);
        assertThat(queued.lastError()).contains("SERVER_ERROR");
        harness.advance(Duration.ofMillis(1600));
        assertThat(harness.api.submissions()).hasSize(1);

        harness.advance(Duration.ofSeconds(1));
        assertThat(harness.api.submissions()).hasSize(2);
        assertThat(harness.failed.isEmpty()).isTrue();
    }

    @Test
    void shouldHonourRetryAfterOfA429AndPauseAllSubmissions() {
        start(UnaryOperator.identity());
        harness.send(Samples.request("r-1"));
        submitted()
                .answer(new ApiOutcome.Transient(
                        ApiOutcome.Cause.RATE_LIMITED, Optional.of(Duration.ofSeconds(5)), "HTTP 429"));
        harness.sweep(1);
        harness.send(Samples.request("r-2"));

        harness.advance(Duration.ofSeconds(4));
        assertThat(harness.api.submissions())
                .as("nothing is submitted while the upstream asked to wait")
                .hasSize(1);

        harness.advance(Duration.ofSeconds(2));
        // The 429 also drained the rate limiter, which refills on real time, not on the mock clock.
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
            harness.sweep(1);
            assertThat(harness.api.submissions()).hasSize(3);
        });
        assertThat(harness.metrics.count(Counter.RATE_LIMITED)).isEqualTo(1);
    }

    @Test
    void shouldKeepRequestsAndReportUnhealthyOnA401() {
        start(b -> b.unauthorizedRetry(Duration.ofSeconds(30)));
        harness.send(Samples.request("r-1"));
        submitted().answer(new ApiOutcome.Unauthorized(401, "HTTP 401: bad key"));
        harness.sweep(1);

        assertThat(harness.gate.isAuthorized()).isFalse();
        assertThat(harness.task("r-1").phase()).isEqualTo(TaskPhase.QUEUED);
        assertThat(harness.failed.isEmpty()).isTrue();

        harness.advance(Duration.ofSeconds(31));
        harness.api.onlyUnanswered().answer(new ApiOutcome.Accepted("ta-1"));
        harness.sweep(1);
        assertThat(harness.gate.isAuthorized()).isTrue();
        assertThat(harness.task("r-1").phase()).isEqualTo(TaskPhase.PENDING);
    }

    @Test
    void shouldFailAGenerationThatFailedUpstreamWithItsReason() {
        start(UnaryOperator.identity());
        acceptAndPoll("r-1", "ta-1")
                .answer(new ApiOutcome.GenerationFailed(status("ta-1", "failed", "policy violation")));
        harness.sweep(1);

        final VideoFailed failed = harness.failed.readValue();
        assertThat(failed.getError()).isEqualTo(FailureReason.GENERATION_FAILED);
        assertThat(failed.getMessage()).isEqualTo("policy violation");
        assertThat(failed.getTaskId()).isEqualTo("ta-1");
        assertThat(failed.getAttempts()).isEqualTo(2);
        assertThat(failed.getMetadata()).isEqualTo(Samples.request("r-1").getMetadata());
    }

    @Test
    void shouldKeepPollingAnUnknownStatusAndCountIt() {
        start(UnaryOperator.identity());
        acceptAndPoll("r-1", "ta-1").answer(new ApiOutcome.Running(status("ta-1", "rendering", null), false));
        harness.sweep(1);

        assertThat(harness.task("r-1").phase()).isEqualTo(TaskPhase.PENDING);
        assertThat(harness.metrics.count(Counter.UNKNOWN_STATUS)).isEqualTo(1);
        harness.advance(harness.config.pollInterval());
        assertThat(harness.api.queries()).hasSize(2);
    }

    @Test
    void shouldPollWithGrowingIntervalsUpToTheCap() {
        start(b -> b.pollInterval(Duration.ofSeconds(4)).pollMultiplier(2).maxPollInterval(Duration.ofSeconds(10)));
        acceptAndPoll("r-1", "ta-1").answer(new ApiOutcome.Running(status("ta-1", "running", null), true));
        harness.sweep(1);
        assertThat(harness.task("r-1").dueAt() - harness.now()).isEqualTo(4_000);

        harness.advance(Duration.ofSeconds(4));
        harness.api.onlyUnanswered().answer(new ApiOutcome.Running(status("ta-1", "running", null), true));
        harness.sweep(1);
        assertThat(harness.task("r-1").dueAt() - harness.now()).isEqualTo(8_000);

        harness.advance(Duration.ofSeconds(8));
        harness.api.onlyUnanswered().answer(new ApiOutcome.Running(status("ta-1", "running", null), true));
        harness.sweep(1);
        assertThat(harness.task("r-1").dueAt() - harness.now()).isEqualTo(10_000);
    }

    @Test
    void shouldRetryA404DuringTheGracePeriodThenFailTaskNotFound() {
        start(b -> b.notFoundGrace(Duration.ofSeconds(20))
                .pollInterval(Duration.ofSeconds(5))
                .pollMultiplier(1));
        acceptAndPoll("r-1", "ta-1").answer(new ApiOutcome.NotFound("HTTP 404: task not found"));
        harness.sweep(1);
        assertThat(harness.task("r-1").phase()).isEqualTo(TaskPhase.PENDING);

        for (int i = 0; i < 5 && harness.failed.isEmpty(); i++) {
            harness.advance(Duration.ofSeconds(5));
            harness.api.unanswered().forEach(c -> c.answer(new ApiOutcome.NotFound("HTTP 404: task not found")));
            harness.sweep(1);
        }

        final VideoFailed failed = harness.failed.readValue();
        assertThat(failed.getError()).isEqualTo(FailureReason.TASK_NOT_FOUND);
        assertThat(failed.getRetriable()).isTrue();
        assertThat(harness.api.queries().size()).isBetween(4, 6);
    }

    @Test
    void shouldTimeOutATaskStuckInProgressPastItsDeadline() {
        start(b -> b.taskDeadline(Duration.ofMinutes(2)).maxPollInterval(Duration.ofSeconds(10)));
        acceptAndPoll("r-1", "ta-1").answer(new ApiOutcome.Running(status("ta-1", "in_progress", null), true));
        harness.sweep(1);

        for (int i = 0; i < 30 && harness.failed.isEmpty(); i++) {
            harness.advance(Duration.ofSeconds(10));
            harness.api
                    .unanswered()
                    .forEach(c -> c.answer(new ApiOutcome.Running(status("ta-1", "in_progress", null), true)));
            harness.sweep(1);
        }

        final VideoFailed failed = harness.failed.readValue();
        assertThat(failed.getError()).isEqualTo(FailureReason.TIMED_OUT);
        assertThat(failed.getTaskId()).isEqualTo("ta-1");
        assertThat(failed.getFailedAt())
                .isBetween(
                        TopologyHarness.START.plus(Duration.ofMinutes(2)),
                        TopologyHarness.START.plus(Duration.ofMinutes(2)).plusSeconds(11));
        assertThat(harness.completed.isEmpty()).isTrue();
    }

    @Test
    void shouldBoundTheCallsInFlight() {
        start(b -> b.maxConcurrentCalls(2));
        for (int i = 0; i < 5; i++) {
            harness.send(Samples.request("r-" + i));
        }
        harness.sweep(4);
        assertThat(harness.api.unanswered()).hasSize(2);

        harness.api.unanswered().forEach(c -> c.answer(new ApiOutcome.Accepted("ta-" + c.hashCode())));
        harness.sweep(3);
        assertThat(harness.api.submissions()).hasSize(4);
    }

    @Test
    void shouldBoundTheTasksInFlightUpstream() {
        start(b -> b.maxTasksInFlight(2));
        for (int i = 0; i < 3; i++) {
            harness.send(Samples.request("r-" + i));
        }
        harness.sweep(3);
        harness.api.unanswered().forEach(c -> c.answer(new ApiOutcome.Accepted("ta-" + c.hashCode())));
        harness.sweep(3);
        assertThat(harness.api.submissions())
                .as("two tasks in flight upstream: the third waits")
                .hasSize(2);

        harness.advance(harness.config.firstPollDelay());
        harness.api
                .unanswered()
                .get(0)
                .answer(new ApiOutcome.Succeeded(new TaskStatus("x", "success", "https://v/1.mp4", null, null, null)));
        harness.sweep(3);
        assertThat(harness.api.submissions()).hasSize(3);
    }

    @Test
    void shouldResubmitATaskFoundSubmittingAfterACrashByDefault() {
        start(UnaryOperator.identity());
        crashWhileSubmitting("r-1");

        harness.sweep(3);

        assertThat(harness.api.submissions()).hasSize(1);
        assertThat(harness.metrics.count(Counter.OUTCOME_UNKNOWN_RESUBMITTED)).isEqualTo(1);
    }

    @Test
    void shouldFailATaskFoundSubmittingAfterACrashWhenAtMostOnce() {
        start(b -> b.outcomeUnknownPolicy(ProcessorConfig.OutcomeUnknownPolicy.FAIL));
        crashWhileSubmitting("r-1");

        harness.sweep(2);

        assertThat(harness.api.calls()).isEmpty();
        assertThat(harness.failed.readValue().getError()).isEqualTo(FailureReason.SUBMISSION_OUTCOME_UNKNOWN);
        assertThat(harness.metrics.count(Counter.OUTCOME_UNKNOWN_FAILED)).isEqualTo(1);
    }

    @Test
    void shouldRecoverATaskFoundSubmittingFromTheTaskIdAWebhookCarried() {
        start(UnaryOperator.identity());
        crashWhileSubmitting("r-1");

        harness.callbacks.pipeInput("r-1", "{\"task_id\":\"ta-recovered\",\"status\":\"success\"}".getBytes());
        harness.sweep(2);

        assertThat(harness.api.submissions()).isEmpty();
        assertThat(harness.task("r-1").phase()).isEqualTo(TaskPhase.PENDING);
        assertThat(harness.task("r-1").taskId()).isEqualTo("ta-recovered");
        assertThat(harness.api.queries())
                .singleElement()
                .satisfies(q -> assertThat(q.taskId()).isEqualTo("ta-recovered"));
        assertThat(harness.metrics.count(Counter.OUTCOME_RECOVERED_BY_CALLBACK)).isOne();
    }

    @Test
    void shouldQueryAPendingTaskAtOnceWhenItsWebhookComes() {
        start(b -> b.firstPollDelay(Duration.ofMinutes(5)));
        harness.send(Samples.request("r-1"));
        submitted().answer(new ApiOutcome.Accepted("ta-1"));
        harness.sweep(1);
        harness.sweep(5);
        assertThat(harness.api.queries()).isEmpty();

        harness.callbacks.pipeInput("r-1", "{}".getBytes());
        harness.sweep(1);

        assertThat(harness.api.queries()).hasSize(1);
        harness.callbacks.pipeInput("unknown-request", "{}".getBytes());
        assertThat(harness.metrics.count(Counter.CALLBACK_SIGNALS_IGNORED)).isOne();
    }

    @Test
    void shouldEndAPendingTaskOnAVerifiedWebhookReportWithoutAQuery() {
        start(b -> b.firstPollDelay(Duration.ofMinutes(5)));
        harness.send(Samples.request("r-1"));
        submitted().answer(new ApiOutcome.Accepted("ta-1"));
        harness.sweep(1);

        harness.callbacks.pipeInput(
                "r-1", report("ta-1", "success", "https://cdn.example/v1.mp4").getBytes());
        harness.sweep(1);

        assertThat(harness.api.queries()).isEmpty();
        final VideoCompleted completed = harness.completed.readValue();
        assertThat(completed.getTaskId()).isEqualTo("ta-1");
        assertThat(completed.getVideoUrl()).isEqualTo("https://cdn.example/v1.mp4");
        assertThat(completed.getConsumed()).isEqualTo("1.000000");
        assertThat(completed.getQueryCount()).isZero();
        assertThat(harness.task("r-1").phase()).isEqualTo(TaskPhase.DONE);
        assertThat(harness.metrics.count(Counter.CALLBACK_REPORTS_APPLIED)).isOne();
    }

    @Test
    void shouldFailAPendingTaskOnAReportedFailureWithoutAQuery() {
        start(b -> b.firstPollDelay(Duration.ofMinutes(5)));
        harness.send(Samples.request("r-1"));
        submitted().answer(new ApiOutcome.Accepted("ta-1"));
        harness.sweep(1);

        harness.callbacks.pipeInput(
                "r-1",
                ("{\"task_id\":\"ta-1\",\"status\":\"failed\","
                                + "\"status_reason\":{\"message\":\"sensitive content\"}}")
                        .getBytes());
        harness.sweep(1);

        assertThat(harness.api.queries()).isEmpty();
        final VideoFailed failed = harness.failed.readValue();
        assertThat(failed.getError()).isEqualTo(FailureReason.GENERATION_FAILED);
        assertThat(failed.getMessage()).contains("sensitive content");
    }

    @Test
    void shouldGiveBackWhatAMarkedSubmissionTookOfTheGateWhenItsPartitionClosesBeforeTheCall() {
        start(UnaryOperator.identity());
        harness.send(Samples.request("r-1"));
        harness.sweep(1);
        assertThat(harness.gate.unappliedCalls()).as("marked, not yet sent").isOne();

        harness.close();

        assertThat(harness.api.submissions()).isEmpty();
        assertThat(harness.gate.unappliedCalls())
                .as("a leaked count holds a later stop's drain to its whole bound")
                .isZero();
        assertThat(harness.gate.callsInFlight()).isZero();
        harness = null;
    }

    @Test
    void shouldQueryInsteadWhenTheReportNamesAnotherTaskOrIsNotTrusted() {
        start(b -> b.firstPollDelay(Duration.ofMinutes(5)));
        harness.send(Samples.request("r-1"));
        submitted().answer(new ApiOutcome.Accepted("ta-1"));
        harness.sweep(1);

        harness.callbacks.pipeInput(
                "r-1",
                report("ta-someone-else", "success", "https://evil.example/x.mp4")
                        .getBytes());
        harness.sweep(1);

        assertThat(harness.api.queries())
                .singleElement()
                .satisfies(q -> assertThat(q.taskId()).isEqualTo("ta-1"));
        assertThat(harness.completed.isEmpty()).isTrue();

        harness.close();
        start(b -> b.firstPollDelay(Duration.ofMinutes(5)).trustWebhookReports(false));
        harness.send(Samples.request("r-2"));
        submitted().answer(new ApiOutcome.Accepted("ta-2"));
        harness.sweep(1);
        harness.callbacks.pipeInput(
                "r-2", report("ta-2", "success", "https://cdn.example/v2.mp4").getBytes());
        harness.sweep(1);

        assertThat(harness.api.queries())
                .singleElement()
                .satisfies(q -> assertThat(q.taskId()).isEqualTo("ta-2"));
        assertThat(harness.completed.isEmpty()).isTrue();
    }

    @Test
    void shouldApplyAReportThatCameBeforeTheSubmissionsAnswer() {
        start(b -> b.firstPollDelay(Duration.ofMinutes(5)));
        harness.send(Samples.request("r-1"));
        final ScriptedApi.Call submit = submitted();

        harness.callbacks.pipeInput(
                "r-1", report("ta-1", "success", "https://cdn.example/v1.mp4").getBytes());
        submit.answer(new ApiOutcome.Accepted("ta-1"));
        harness.sweep(2);

        assertThat(harness.api.queries()).isEmpty();
        assertThat(harness.completed.readValue().getVideoUrl()).isEqualTo("https://cdn.example/v1.mp4");
    }

    /** A webhook body as the simulator sends it: the task object a query returns under data. */
    private static String report(final String taskId, final String status, final String video) {
        return "{\"task_id\":\"" + taskId + "\",\"status\":\"" + status + "\",\"result\":{\"video\":\"" + video
                + "\"},\"consumed\":\"1.000000\",\"created_at\":\"2026-11-25T10:00:00Z\"}";
    }

    /** A SUBMITTING task in the store with no call behind it: what a crash after the durable mark leaves. */
    private void crashWhileSubmitting(final String requestId) {
        final Task queued = Task.queued(
                requestId,
                TaskRequest.of(Samples.request(requestId), 0),
                harness.now(),
                harness.now() + Duration.ofHours(1).toMillis());
        final Task submitting = queued.submitting(harness.now());
        harness.driver
                .<String, Task>getKeyValueStore(SeedanceTopology.TASK_STORE)
                .put(requestId, submitting);
        new DueIndex(harness.driver.getKeyValueStore(SeedanceTopology.INDEX_STORE)).move(null, submitting);
    }

    private void completeOne(final String requestId, final String taskId) {
        acceptAndPoll(requestId, taskId)
                .answer(new ApiOutcome.Succeeded(
                        new TaskStatus(taskId, "success", "https://v/" + taskId + ".mp4", null, null, null)));
        harness.sweep(1);
    }

    private ScriptedApi.Call acceptAndPoll(final String requestId, final String taskId) {
        harness.send(Samples.request(requestId));
        submitted().answer(new ApiOutcome.Accepted(taskId));
        harness.sweep(1);
        harness.advance(harness.config.firstPollDelay());
        return harness.api.onlyUnanswered();
    }

    private ScriptedApi.Call submitted() {
        harness.sweep(2);
        return harness.api.onlyUnanswered();
    }

    private static TaskStatus status(final String taskId, final String word, final String reason) {
        return new TaskStatus(taskId, word, null, null, reason, null);
    }

    private void start(final UnaryOperator<ProcessorConfigBuilder> configure) {
        harness = new TopologyHarness(
                configure.apply(TopologyHarness.testConfig()).build());
    }
}
