package io.seedance.streams.upstream;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ConnectException;
import java.net.http.HttpTimeoutException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Optional;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Every way an answer is classified, from the HTTP status and body alone. */
class ResponseClassifierTest {

    private static final Instant NOW = Instant.parse("2026-11-25T10:00:00Z");
    private final ResponseClassifier classifier = new ResponseClassifier(Clock.fixed(NOW, ZoneOffset.UTC));

    @Test
    void shouldAcceptAGenerationWithItsTaskId() {
        assertThat(classifier.generate(
                        200,
                        "{\"code\":0,\"message\":\"ok\",\"data\":{\"task_id\":\"ta1\",\"extra\":[1,2]},\"new_field\":true}",
                        null))
                .isEqualTo(new ApiOutcome.Accepted("ta1"));
    }

    @Test
    void shouldTreatAGenerationWithoutTaskIdAsMalformed() {
        assertThat(classifier.generate(200, "{\"code\":0,\"data\":{}}", null))
                .isInstanceOfSatisfying(
                        ApiOutcome.Transient.class,
                        t -> assertThat(t.cause()).isEqualTo(ApiOutcome.Cause.MALFORMED_RESPONSE));
    }

    @Test
    void shouldReadTheDocumentedSuccessfulQuery() {
        final ApiOutcome outcome = classifier.query("ta8", 200, """
                { "code": 0, "message": "ok",
                  "data": { "task_id": "ta8", "status": "success",
                            "result": { "video": "https://example.com/generated-video.mp4" },
                            "consumed": "0.500000", "status_reason": { "message": null },
                            "created_at": "2025-08-03T10:22:20.010Z" } }""", null);

        assertThat(outcome)
                .isEqualTo(new ApiOutcome.Succeeded(new TaskStatus(
                        "ta8",
                        "success",
                        "https://example.com/generated-video.mp4",
                        "0.500000",
                        null,
                        Instant.parse("2025-08-03T10:22:20.010Z"))));
    }

    @Test
    void shouldReadAResultArrayAndNumericFields() {
        final ApiOutcome outcome = classifier.query("ta9", 200, """
                {"code":0,"data":{"status":"succeeded","result":[{"thumbnail":"t.png"},{"video_url":"https://v/x.mp4"}],
                 "consumed":0.5,"created_at":1754216540}}""", null);

        assertThat(outcome).isInstanceOfSatisfying(ApiOutcome.Succeeded.class, s -> {
            assertThat(s.status().taskId()).isEqualTo("ta9");
            assertThat(s.status().videoUrl()).isEqualTo("https://v/x.mp4");
            assertThat(s.status().consumed()).isEqualTo("0.5");
            assertThat(s.status().createdAt()).isEqualTo(Instant.ofEpochSecond(1_754_216_540L));
        });
    }

    @Test
    void shouldNotTrustASuccessWithoutAVideo() {
        assertThat(classifier.query("t", 200, "{\"code\":0,\"data\":{\"status\":\"success\",\"result\":null}}", null))
                .isInstanceOfSatisfying(
                        ApiOutcome.Transient.class,
                        t -> assertThat(t.cause()).isEqualTo(ApiOutcome.Cause.MALFORMED_RESPONSE));
    }

    @ParameterizedTest
    @ValueSource(strings = {"pending", "submitted", "queued", "in_progress", "running", "RUNNING", " Queued "})
    void shouldReportKnownRunningWords(final String word) {
        assertThat(classifier.query("t", 200, query(word, null), null))
                .isInstanceOfSatisfying(ApiOutcome.Running.class, r -> {
                    assertThat(r.recognised()).isTrue();
                    assertThat(r.status().status()).isEqualTo(word);
                });
    }

    @ParameterizedTest
    @ValueSource(strings = {"failed", "cancelled", "expired"})
    void shouldReportFailureWordsWithTheReason(final String word) {
        assertThat(classifier.query("t", 200, query(word, "content policy"), null))
                .isInstanceOfSatisfying(
                        ApiOutcome.GenerationFailed.class,
                        f -> assertThat(f.reason()).isEqualTo("content policy"));
    }

    @Test
    void shouldGiveTheStatusWordAsReasonWhenThereIsNone() {
        assertThat(classifier.query("t", 200, query("expired", null), null))
                .isInstanceOfSatisfying(
                        ApiOutcome.GenerationFailed.class,
                        f -> assertThat(f.reason()).isEqualTo("task expired"));
    }

    @Test
    void shouldTakeAnUnknownWordAsRunningButUnrecognised() {
        assertThat(classifier.query("t", 200, query("rendering_frames", null), null))
                .isInstanceOfSatisfying(ApiOutcome.Running.class, r -> {
                    assertThat(r.recognised()).isFalse();
                    assertThat(r.status().status()).isEqualTo("rendering_frames");
                });
    }

    @Test
    void shouldTreatANonZeroCodeOnHttp200AsAnError() {
        assertThat(classifier.query("t", 200, "{\"code\":1,\"message\":\"quota\",\"data\":null}", null))
                .isInstanceOfSatisfying(ApiOutcome.Transient.class, t -> {
                    assertThat(t.cause()).isEqualTo(ApiOutcome.Cause.API_ERROR);
                    assertThat(t.detail()).contains("quota");
                });
        assertThat(classifier.generate(200, "{\"code\":\"E42\"}", null)).isInstanceOf(ApiOutcome.Transient.class);
    }

    @ParameterizedTest
    @ValueSource(strings = {"<html>502</html>", "", "[1,2]", "{\"code\":0", "null"})
    void shouldTreatABodyThatIsNotAJsonObjectAsMalformed(final String body) {
        assertThat(classifier.query("t", 200, body, null))
                .isInstanceOfSatisfying(
                        ApiOutcome.Transient.class,
                        t -> assertThat(t.cause()).isEqualTo(ApiOutcome.Cause.MALFORMED_RESPONSE));
    }

    @Test
    void shouldClassifyHttpErrors() {
        final String body = "{\"code\":1,\"message\":\"duration must be 5, 10 or 15\"}";
        assertThat(classifier.generate(400, body, null))
                .isEqualTo(new ApiOutcome.Rejected(400, "HTTP 400: duration must be 5, 10 or 15"));
        assertThat(classifier.generate(401, "{\"code\":1,\"message\":\"bad key\"}", null))
                .isEqualTo(new ApiOutcome.Unauthorized(401, "HTTP 401: bad key"));
        assertThat(classifier.generate(403, "", null)).isEqualTo(new ApiOutcome.Unauthorized(403, "HTTP 403"));
        assertThat(classifier.query("t", 404, "{\"code\":1,\"message\":\"task not found\"}", null))
                .isEqualTo(new ApiOutcome.NotFound("HTTP 404: task not found"));
        assertThat(classifier.query("t", 422, "nope", null)).isEqualTo(new ApiOutcome.Rejected(422, "HTTP 422: nope"));
        assertThat(classifier.query("t", 500, "{\"code\":1,\"message\":\"internal\"}", null))
                .isEqualTo(new ApiOutcome.Transient(
                        ApiOutcome.Cause.SERVER_ERROR, Optional.empty(), "HTTP 500: internal"));
        assertThat(classifier.query("t", 408, "", null))
                .isInstanceOfSatisfying(
                        ApiOutcome.Transient.class, t -> assertThat(t.cause()).isEqualTo(ApiOutcome.Cause.TIMEOUT));
        assertThat(classifier.query("t", 302, "", null))
                .isInstanceOfSatisfying(
                        ApiOutcome.Transient.class,
                        t -> assertThat(t.cause()).isEqualTo(ApiOutcome.Cause.MALFORMED_RESPONSE));
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "30                              | PT30S",
                "Wed, 25 Nov 2026 10:01:30 GMT   | PT1M30S",
                "Wed, 25 Nov 2026 09:59:00 GMT   | PT0S",
                "999999                          | PT1H",
                "soon                            | ",
                "                                | "
            })
    void shouldHonourRetryAfterInSecondsOrAsADate(final String header, final Duration expected) {
        final ApiOutcome outcome = classifier.generate(429, "{\"code\":1,\"message\":\"slow down\"}", header);

        assertThat(outcome).isInstanceOfSatisfying(ApiOutcome.Transient.class, t -> {
            assertThat(t.cause()).isEqualTo(ApiOutcome.Cause.RATE_LIMITED);
            assertThat(t.retryAfter()).isEqualTo(Optional.ofNullable(expected));
            assertThat(t.signalsUnhealthyUpstream()).isFalse();
        });
    }

    @Test
    void shouldClassifyCallsThatGotNoAnswer() {
        assertThat(ResponseClassifier.failure(new CompletionException(new HttpTimeoutException("request timed out"))))
                .isInstanceOfSatisfying(ApiOutcome.Transient.class, t -> {
                    assertThat(t.cause()).isEqualTo(ApiOutcome.Cause.TIMEOUT);
                    assertThat(t.signalsUnhealthyUpstream()).isTrue();
                });
        assertThat(ResponseClassifier.failure(new ConnectException("refused")))
                .isInstanceOfSatisfying(
                        ApiOutcome.Transient.class, t -> assertThat(t.cause()).isEqualTo(ApiOutcome.Cause.CONNECTION));
        assertThat(ResponseClassifier.failure(new IOException("reset")))
                .isInstanceOfSatisfying(
                        ApiOutcome.Transient.class, t -> assertThat(t.cause()).isEqualTo(ApiOutcome.Cause.CONNECTION));
    }

    private static String query(final String status, final String reason) {
        return "{\"code\":0,\"data\":{\"task_id\":\"t\",\"status\":\"" + status + "\",\"result\":null,"
                + "\"status_reason\":{\"message\":" + (reason == null ? "null" : "\"" + reason + "\"") + "}}}";
    }
}
