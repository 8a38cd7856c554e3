package io.seedance.streams.topology;

import static org.assertj.core.api.Assertions.assertThat;

import io.seedance.streams.schemas.FailureCategory;
import io.seedance.streams.schemas.FailureReason;
import io.seedance.streams.schemas.Samples;
import io.seedance.streams.schemas.VideoFailed;
import io.seedance.streams.upstream.ApiOutcome;
import io.seedance.streams.upstream.TaskStatus;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class FailureCategoriesTest {

    @Test
    void shouldReadTheCategoryFromTheUpstreamsOwnWords() {
        assertThat(FailureCategories.of(
                        FailureReason.GENERATION_FAILED, "The request failed: OutputVideoSensitiveContentDetected"))
                .isEqualTo(FailureCategory.MODERATION_OUTPUT);
        assertThat(FailureCategories.of(
                        FailureReason.REJECTED_BY_API, "InputImageSensitiveContentDetected: the image may contain"))
                .isEqualTo(FailureCategory.MODERATION_INPUT);
        assertThat(FailureCategories.of(
                        FailureReason.REJECTED_BY_API, "The input text may contain sensitive information"))
                .as("ignoring case")
                .isEqualTo(FailureCategory.MODERATION_INPUT);
        assertThat(FailureCategories.of(FailureReason.GENERATION_FAILED, "insufficient balance on the account"))
                .isEqualTo(FailureCategory.QUOTA_OR_BILLING);
        assertThat(FailureCategories.of(FailureReason.GENERATION_FAILED, "InternalServiceError"))
                .isEqualTo(FailureCategory.UPSTREAM_ERROR);
        assertThat(FailureCategories.of(FailureReason.REJECTED_BY_API, "the ratio 2:1 is not supported"))
                .isEqualTo(FailureCategory.INVALID_PARAMETERS);
        assertThat(FailureCategories.of(
                        FailureReason.REJECTED_BY_API, "invalid parameter: image contains a real person"))
                .as("moderation is read before the rest")
                .isEqualTo(FailureCategory.MODERATION_INPUT);
    }

    @Test
    void shouldFallBackOnWhatTheFailureItselfSays() {
        assertThat(FailureCategories.of(FailureReason.GENERATION_FAILED, "something new"))
                .isEqualTo(FailureCategory.UNKNOWN);
        assertThat(FailureCategories.of(FailureReason.REJECTED_BY_API, null))
                .isEqualTo(FailureCategory.INVALID_PARAMETERS);
        assertThat(FailureCategories.of(FailureReason.INVALID_REQUEST, null))
                .isEqualTo(FailureCategory.INVALID_PARAMETERS);
        assertThat(FailureCategories.of(FailureReason.TIMED_OUT, null)).isEqualTo(FailureCategory.TIMEOUT);
        assertThat(FailureCategories.of(FailureReason.TASK_NOT_FOUND, null)).isEqualTo(FailureCategory.UPSTREAM_ERROR);
        assertThat(FailureCategories.of(FailureReason.CANCELLED, null)).isEqualTo(FailureCategory.CANCELLED);
    }

    @Test
    void shouldSayARequestIsWorthRetryingOnlyWhenItCanSucceed() {
        for (final FailureCategory never : new FailureCategory[] {
            FailureCategory.MODERATION_INPUT,
            FailureCategory.MODERATION_OUTPUT,
            FailureCategory.INVALID_PARAMETERS,
            FailureCategory.CANCELLED
        }) {
            assertThat(FailureCategories.isRetriable(never)).as("%s", never).isFalse();
        }
        for (final FailureCategory later : new FailureCategory[] {
            FailureCategory.UPSTREAM_ERROR,
            FailureCategory.TIMEOUT,
            FailureCategory.QUOTA_OR_BILLING,
            FailureCategory.BUDGET,
            FailureCategory.UNKNOWN
        }) {
            assertThat(FailureCategories.isRetriable(later)).as("%s", later).isTrue();
        }
    }

    @Test
    void shouldFailAModeratedGenerationAsNotWorthRetryingWithTheUpstreamsMessage() {
        try (TopologyHarness harness =
                new TopologyHarness(TopologyHarness.testConfig().build())) {
            harness.send(Samples.request("r-1"));
            harness.sweep(2);
            harness.api.onlyUnanswered().answer(new ApiOutcome.Accepted("ta-1"));
            harness.sweep(1);
            harness.advance(harness.config.firstPollDelay());
            harness.api
                    .onlyUnanswered()
                    .answer(new ApiOutcome.GenerationFailed(new TaskStatus(
                            "ta-1", "failed", null, "0.000000", "OutputVideoSensitiveContentDetected", null)));
            harness.sweep(2);

            final VideoFailed failed = harness.failed.readValue();
            assertThat(failed.getError()).isEqualTo(FailureReason.GENERATION_FAILED);
            assertThat(failed.getCategory()).isEqualTo(FailureCategory.MODERATION_OUTPUT);
            assertThat(failed.getRetriable())
                    .as("it would be refused again, and charged")
                    .isFalse();
            assertThat(failed.getUpstreamMessage()).isEqualTo("OutputVideoSensitiveContentDetected");
        }
    }

    @Test
    void shouldKeepTheUpstreamsMessageOfARejectionWithoutTheStatus() {
        assertThat(new ApiOutcome.Rejected(400, "HTTP 400: real person in the image").upstreamMessage())
                .isEqualTo("real person in the image");
        assertThat(new ApiOutcome.Rejected(400, "HTTP 400").upstreamMessage()).isNull();
    }

    @Test
    void shouldListEveryPhraseOfTheTableInTheReadme() throws IOException {
        final String readme = Files.readString(Path.of("README.md"));
        for (final FailureCategories.Row row : FailureCategories.TABLE) {
            for (final String phrase : row.phrases()) {
                assertThat(readme)
                        .as("README lists %s under %s", phrase, row.category())
                        .containsPattern("\\| `" + row.category() + "` \\|[^\\n]*`" + phrase + "`");
            }
        }
    }
}
