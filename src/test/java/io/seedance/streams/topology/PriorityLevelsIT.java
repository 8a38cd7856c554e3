package io.seedance.streams.topology;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.seedance.streams.schemas.Priority;
import io.seedance.streams.schemas.Samples;
import io.seedance.streams.schemas.VideoCompleted;
import io.seedance.streams.schemas.VideoRequest;
import io.seedance.streams.simulator.SimulatorConfig;
import io.seedance.streams.testing.ApicurioRegistry;
import io.seedance.streams.testing.KafkaCluster;
import io.seedance.streams.testing.ServiceUnderTest;
import io.seedance.streams.testing.SharedServices;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/** Priority levels on a real broker (two partitions, exactly-once), a real registry and the simulator over HTTP. */
@ExtendWith(SharedServices.class)
@Timeout(180)
class PriorityLevelsIT {

    private static final int FLOOD = 60;

    @Test
    void shouldLetInteractiveRequestsPassABatchFloodWhileTheFloodKeepsGoing(
            final KafkaCluster kafka, final ApicurioRegistry registry) {
        try (ServiceUnderTest service = new ServiceUnderTest(
                kafka,
                registry,
                SimulatorConfig.builder()
                        .queueTime(Duration.ofMillis(100))
                        .generationTime(Duration.ofMillis(800))
                        .generationSpread(Duration.ofMillis(300))
                        .build(),
                ProcessorConfig.builder()
                        .sweepInterval(Duration.ofMillis(100))
                        .submitsPerMinute(240) // four a second: the flood queues
                        .queriesPerMinute(60_000)
                        .maxTasksInFlight(10) // INTERACTIVE keeps two of them
                        .firstPollDelay(Duration.ofMillis(500))
                        .pollInterval(Duration.ofMillis(300))
                        .maxPollInterval(Duration.ofSeconds(1))
                        .build())) {
            // Tenant a floods BATCH requests; once they flow, tenant b asks three INTERACTIVE ones.
            for (int i = 0; i < FLOOD; i++) {
                service.send(request("a-" + i, "a", Priority.BATCH));
            }
            service.flush();
            // The newest of the flood, queued, knows its place: behind the older ones of its tenant and
            // level in its partition (about half the flood: the requests spread over two partitions).
            await().atMost(Duration.ofSeconds(30))
                    .until(() -> service.service
                                    .task("a-" + (FLOOD - 1))
                                    .filter(task -> task.phase() == TaskPhase.QUEUED)
                                    .map(task -> service.service
                                            .queuedAhead(task, 1_000)
                                            .orElse(0L))
                                    .orElse(0L)
                            >= FLOOD / 4);
            await().atMost(Duration.ofSeconds(60))
                    .until(() -> service.completed().size() >= 4);
            for (int i = 0; i < 3; i++) {
                service.send(request("b-" + i, "b", Priority.INTERACTIVE));
            }
            service.flush();
            await().atMost(Duration.ofSeconds(120))
                    .until(() -> service.completed().size() == FLOOD + 3);

            final List<VideoCompleted> bySubmission = service.completed().stream()
                    .sorted(Comparator.comparing(VideoCompleted::getSubmittedAt))
                    .toList();
            final List<String> order =
                    bySubmission.stream().map(VideoCompleted::getRequestId).toList();
            final int lastInteractive =
                    Math.max(order.indexOf("b-0"), Math.max(order.indexOf("b-1"), order.indexOf("b-2")));
            assertThat(FLOOD + 2 - lastInteractive)
                    .as("BATCH requests, all older, submitted after the last INTERACTIVE one: %s", order)
                    .isGreaterThanOrEqualTo(20);
            assertThat(service.failed()).isEmpty();
            assertThat(bySubmission.stream().filter(done -> done.getRequestId().startsWith("b-")))
                    .allSatisfy(done -> {
                        assertThat(done.getTenant()).isEqualTo("b");
                        assertThat(done.getPriority()).isEqualTo(Priority.INTERACTIVE);
                    });
        }
    }

    private static VideoRequest request(final String id, final String tenant, final Priority priority) {
        return VideoRequest.newBuilder(Samples.request(id))
                .setTenant(tenant)
                .setPriority(priority)
                .build();
    }
}
