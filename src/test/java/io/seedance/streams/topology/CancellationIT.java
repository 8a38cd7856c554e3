package io.seedance.streams.topology;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.seedance.streams.schemas.FailureReason;
import io.seedance.streams.schemas.Samples;
import io.seedance.streams.schemas.VideoCompleted;
import io.seedance.streams.schemas.VideoFailed;
import io.seedance.streams.testing.ApicurioRegistry;
import io.seedance.streams.testing.FastConfigs;
import io.seedance.streams.testing.KafkaCluster;
import io.seedance.streams.testing.ServiceUnderTest;
import io.seedance.streams.testing.SharedServices;
import io.seedance.streams.topology.ProcessorMetrics.Counter;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Cancellations racing the sweep on a real broker (two partitions, exactly-once), a real registry
 * and the simulator over HTTP: a request cancelled before its call went out never reaches the
 * upstream, counted by the simulator itself.
 */
@ExtendWith(SharedServices.class)
@Timeout(180)
class CancellationIT {

    private static final int REQUESTS = 80;

    @Test
    void shouldNeverCallTheUpstreamForARequestCancelledBeforeItsSubmissionWentOut(
            final KafkaCluster kafka, final ApicurioRegistry registry) {
        try (ServiceUnderTest service = new ServiceUnderTest(
                kafka,
                registry,
                FastConfigs.upstream().build(),
                FastConfigs.processor()
                        .submitsPerMinute(1_200) // 20 a second: some cancels find their request queued,
                        .build())) { // some marked, some already sent
            for (int i = 0; i < REQUESTS; i++) {
                service.send(Samples.request("c-" + i));
                if (i % 2 == 0) {
                    service.cancel("c-" + i);
                }
            }
            service.flush();
            await().atMost(Duration.ofSeconds(120))
                    .until(() -> service.results().size() >= REQUESTS);

            final List<VideoFailed> cancelled = service.failed().stream()
                    .filter(failed -> failed.getError() == FailureReason.CANCELLED)
                    .toList();
            final Set<String> completed = service.completed().stream()
                    .map(VideoCompleted::getRequestId)
                    .collect(Collectors.toSet());
            assertThat(service.results()).hasSize(REQUESTS);
            assertThat(cancelled).as("some cancels came in time").isNotEmpty();
            assertThat(cancelled).allSatisfy(failed -> {
                assertThat(Integer.parseInt(failed.getRequestId().substring(2)) % 2)
                        .isZero();
                assertThat(failed.getTaskId()).isNull();
                assertThat(failed.getAttempts()).isZero();
            });
            assertThat(completed.size() + cancelled.size()).isEqualTo(REQUESTS);
            assertThat(service.simulator.stats().tasksCreated())
                    .as("one upstream task per video delivered, none for a cancelled request")
                    .isEqualTo(completed.size());
            assertThat(service.simulator.stats().generateRequests()).isEqualTo(completed.size());
            final ProcessorMetrics metrics = service.service.metrics();
            assertThat(metrics.count(Counter.CANCELS_APPLIED)).isEqualTo(cancelled.size());
            assertThat(metrics.count(Counter.CANCELS_APPLIED) + metrics.count(Counter.CANCELS_TOO_LATE))
                    .isEqualTo(REQUESTS / 2);
        }
    }
}
