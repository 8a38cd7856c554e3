package io.seedance.streams.topology;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.seedance.streams.schemas.FailureCategory;
import io.seedance.streams.schemas.FailureReason;
import io.seedance.streams.schemas.Samples;
import io.seedance.streams.schemas.VideoFailed;
import io.seedance.streams.schemas.VideoRequest;
import io.seedance.streams.testing.ApicurioRegistry;
import io.seedance.streams.testing.FastConfigs;
import io.seedance.streams.testing.KafkaCluster;
import io.seedance.streams.testing.ServiceUnderTest;
import io.seedance.streams.testing.SharedServices;
import java.time.Duration;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Each kind of failure the upstream gives, produced by the simulator over HTTP on request, read by
 * the service on a real broker: every video-failed carries the right category, the truth about
 * retrying, and the upstream's own words.
 */
@ExtendWith(SharedServices.class)
@Timeout(120)
class FailureCategoriesIT {

    @Test
    void shouldSayWhatToDoAboutEachKindOfUpstreamFailure(final KafkaCluster kafka, final ApicurioRegistry registry) {
        try (ServiceUnderTest service = new ServiceUnderTest(
                kafka,
                registry,
                FastConfigs.upstream().build(),
                FastConfigs.processor().build())) {
            service.send(asking("moderated-output", "[fail: OutputVideoSensitiveContentDetected]"));
            service.send(asking("moderated-input", "[reject: The input text may contain sensitive information]"));
            service.send(asking("billing", "[fail: insufficient balance]"));
            service.send(asking("upstream", "[fail: InternalServiceError]"));
            service.send(asking("parameters", "[reject: InvalidParameter: duration]"));
            service.send(asking("new-reason", "[fail: something the table does not know]"));
            service.flush();
            await().atMost(Duration.ofSeconds(60)).until(() -> service.failed().size() == 6);

            final Map<String, VideoFailed> byId =
                    service.failed().stream().collect(Collectors.toMap(VideoFailed::getRequestId, Function.identity()));
            assertFailure(byId.get("moderated-output"), FailureCategory.MODERATION_OUTPUT, false);
            assertFailure(byId.get("moderated-input"), FailureCategory.MODERATION_INPUT, false);
            assertFailure(byId.get("billing"), FailureCategory.QUOTA_OR_BILLING, true);
            assertFailure(byId.get("upstream"), FailureCategory.UPSTREAM_ERROR, true);
            assertFailure(byId.get("parameters"), FailureCategory.INVALID_PARAMETERS, false);
            assertFailure(byId.get("new-reason"), FailureCategory.UNKNOWN, true);
            assertThat(byId.get("moderated-input").getError()).isEqualTo(FailureReason.REJECTED_BY_API);
            assertThat(byId.get("moderated-input").getUpstreamMessage())
                    .isEqualTo("The input text may contain sensitive information");
            assertThat(byId.get("moderated-output").getError()).isEqualTo(FailureReason.GENERATION_FAILED);
            assertThat(byId.get("moderated-output").getUpstreamMessage())
                    .isEqualTo("OutputVideoSensitiveContentDetected");
        }
    }

    private static VideoRequest asking(final String id, final String directive) {
        return VideoRequest.newBuilder(Samples.request(id))
                .setPrompt(Samples.request(id).getPrompt() + " " + directive)
                .build();
    }

    private static void assertFailure(
            final VideoFailed failed, final FailureCategory category, final boolean retriable) {
        assertThat(failed.getCategory()).as(failed.getRequestId()).isEqualTo(category);
        assertThat(failed.getRetriable()).as(failed.getRequestId()).isEqualTo(retriable);
    }
}
