package io.seedance.streams.topology;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.seedance.streams.schemas.FailureReason;
import io.seedance.streams.schemas.NextVersions;
import io.seedance.streams.schemas.Samples;
import io.seedance.streams.schemas.VideoCompleted;
import io.seedance.streams.schemas.VideoFailed;
import io.seedance.streams.schemas.VideoRequest;
import io.seedance.streams.service.SeedanceService;
import io.seedance.streams.testing.ApicurioRegistry;
import io.seedance.streams.testing.Clients;
import io.seedance.streams.testing.FastConfigs;
import io.seedance.streams.testing.KafkaBroker;
import io.seedance.streams.testing.RegistryProxy;
import io.seedance.streams.testing.ServiceUnderTest;
import io.seedance.streams.testing.SharedServices;
import java.time.Duration;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.streams.KafkaStreams;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The processor end to end: a real broker (exactly-once), a real registry, the simulator over
 * real HTTP, requests in and terminal events out ({@code read_committed}). Each subclass supplies
 * the broker: in this JVM ({@link ProcessorEndToEndIT}) or in a container
 * ({@link ProcessorEndToEndContainerIT}).
 */
@ExtendWith(SharedServices.class)
@Timeout(180)
abstract class ProcessorEndToEndScenarios {

    private final KafkaBroker kafka;
    private final ApicurioRegistry registry;

    ProcessorEndToEndScenarios(final KafkaBroker kafka, final ApicurioRegistry registry) {
        this.kafka = kafka;
        this.registry = registry;
    }

    @Test
    void shouldSubmitThePartitionsOfAnInstanceOldestFirstNotInTheOrderTheyAreSwept() {
        // Two submissions a second, so permits are scarce; one instance owns both partitions.
        try (ServiceUnderTest service = new ServiceUnderTest(
                kafka,
                registry,
                FastConfigs.upstream().build(),
                FastConfigs.processor().submitsPerMinute(120).build())) {
            // Partition 1's requests arrive first; partition 0's, which is swept first, after them.
            final int each = 10;
            sendAll(service, 1, each);
            await().atMost(Duration.ofSeconds(30))
                    .until(() -> service.service.task("p1-" + (each - 1)).isPresent());
            sendAll(service, 0, each);
            await().atMost(Duration.ofSeconds(90))
                    .until(() -> service.completed().size() >= 2 * each);

            // In the order the upstream accepted them, the older requests of partition 1 come first.
            // Swept partition after partition, partition 0 took every permit from its arrival on.
            final List<String> submitted = service.completed().stream()
                    .sorted(Comparator.comparing(VideoCompleted::getSubmittedAt))
                    .map(VideoCompleted::getRequestId)
                    .toList();
            assertThat(submitted.subList(0, each).stream().filter(id -> id.startsWith("p1-")))
                    .as("the first %d submitted: %s", each, submitted)
                    .hasSizeGreaterThanOrEqualTo(each - 1);
        }
    }

    private static void sendAll(final ServiceUnderTest service, final int partition, final int count) {
        for (int i = 0; i < count; i++) {
            service.sendTo(
                    partition,
                    VideoRequest.newBuilder(Samples.request("p" + partition + "-" + i))
                            .setPrompt("Partition " + partition + ", take " + i)
                            .build());
        }
        service.flush();
    }

    @Test
    void shouldEmitExactlyOneRightTerminalEventForEachOfHundredsOfMixedRequests() {
        try (ServiceUnderTest service = new ServiceUnderTest(
                kafka,
                registry,
                FastConfigs.upstream()
                        .failureRate(0.1)
                        .failureReason("sensitive content")
                        .build(),
                FastConfigs.processor().build())) {
            final int total = 300;
            final Set<String> invalid = new HashSet<>();
            for (int i = 0; i < total; i++) {
                final String id = "mixed-" + i;
                // Every prompt differs, so the simulator's count of duplicate submissions means something.
                VideoRequest.Builder request = VideoRequest.newBuilder(Samples.request(id))
                        .setPrompt("The cat in @image1 meets the dog in @image2, take " + i)
                        .setMetadata(Map.of("n", Integer.toString(i)));
                if (i % 10 == 3) {
                    request = request.setDurationSeconds(7);
                    invalid.add(id);
                } else if (i % 3 == 0) {
                    request = request.setImageUrls(List.of())
                            .setPrompt("Waves at dusk, shot " + i)
                            .setDurationSeconds(null)
                            .setRatio(null)
                            .setModel(null);
                }
                service.send(request.build());
            }
            service.flush();

            await().atMost(Duration.ofSeconds(120))
                    .until(() -> service.results().size() >= total);

            final List<String> ids = ServiceUnderTest.requestIds(service.results());
            assertThat(ids).hasSize(total).doesNotHaveDuplicates();
            final Map<String, VideoFailed> failures =
                    service.failed().stream().collect(Collectors.toMap(VideoFailed::getRequestId, f -> f));
            invalid.forEach(id -> assertThat(failures.get(id).getError()).isEqualTo(FailureReason.INVALID_REQUEST));
            assertThat(failures.values())
                    .filteredOn(f -> !invalid.contains(f.getRequestId()))
                    .isNotEmpty()
                    .allSatisfy(f -> {
                        assertThat(f.getError()).isEqualTo(FailureReason.GENERATION_FAILED);
                        assertThat(f.getMessage()).isEqualTo("sensitive content");
                        assertThat(f.getTaskId()).isNotNull();
                    });
            assertThat(service.completed()).isNotEmpty().allSatisfy(c -> {
                final int n = Integer.parseInt(c.getMetadata().get("n"));
                assertThat(c.getRequestId()).isEqualTo("mixed-" + n);
                assertThat(c.getVideoUrl())
                        .startsWith(service.simulator.baseUrl().toString())
                        .endsWith(c.getTaskId() + ".mp4");
                assertThat(c.getDurationSeconds()).isEqualTo(n % 3 == 0 ? 5 : 10);
                assertThat(c.getRatio()).isEqualTo(n % 3 == 0 ? "16:9" : "9:16");
                assertThat(c.getConsumed()).isEqualTo(n % 3 == 0 ? "0.500000" : "1.000000");
                assertThat(c.getQueryCount()).isPositive();
                assertThat(c.getTaskCreatedAt()).isNotNull();
            });
            assertThat(service.simulator.stats().tasksCreated()).isEqualTo(total - invalid.size());
            assertThat(service.simulator.stats().duplicateSubmissions()).isZero();
        }
    }

    @Test
    void shouldWaitOutAnUpstreamOutageBehindAnOpenCircuitAndThenCompleteEverything() {
        final ProcessorConfig config = FastConfigs.processor()
                .circuitWindow(10)
                .circuitOpenTime(Duration.ofSeconds(3))
                .circuitHalfOpenCalls(2)
                .build();
        try (ServiceUnderTest service = new ServiceUnderTest(
                kafka, registry, FastConfigs.upstream().errorRate(1.0).build(), config)) {
            for (int i = 0; i < 20; i++) {
                service.send(Samples.request("outage-" + i));
            }
            service.flush();
            // Calls granted before the circuit opened may still reach the upstream after it did:
            // count from the moment the last of them has been answered.
            await().atMost(Duration.ofSeconds(60))
                    .until(() -> service.service.gate().circuitState() == CircuitBreaker.State.OPEN
                            && service.service.gate().callsInFlight() == 0);
            final long callsAtOpen = service.simulator.stats().generateRequests();

            // Over two open periods the upstream sees at most the half-open probes of each.
            final long watchUntil = System.nanoTime() + Duration.ofSeconds(6).toNanos();
            await().atMost(Duration.ofSeconds(10)).until(() -> System.nanoTime() >= watchUntil);
            assertThat(service.simulator.stats().generateRequests() - callsAtOpen)
                    .isLessThanOrEqualTo(2L * 2);
            assertThat(service.failed()).isEmpty();

            service.simulator.reconfigure(b -> b.errorRate(0));
            await().atMost(Duration.ofSeconds(90)).until(() -> service.results().size() >= 20);
            assertThat(service.completed()).hasSize(20);
            assertThat(service.failed()).isEmpty();
        }
    }

    @Test
    void shouldNeverExceedTheConfiguredRateAndSlowDownOn429sWithoutFailing() {
        final int perMinute = 240;
        try (ServiceUnderTest service = new ServiceUnderTest(
                kafka,
                registry,
                FastConfigs.upstream().generateRequestsPerMinute(120).build(),
                FastConfigs.processor().submitsPerMinute(perMinute).build())) {
            final int total = 24;
            final long started = System.nanoTime();
            for (int i = 0; i < total; i++) {
                service.send(Samples.request("rate-" + i));
            }
            service.flush();

            await().atMost(Duration.ofSeconds(90)).until(() -> service.results().size() >= total);

            // The simulator allows 2 per second; the service asks for at most 4 per second, so the
            // upstream answers some 429s: requests slow down, none fails.
            assertThat(service.completed()).hasSize(total);
            assertThat(service.simulator.stats().rateLimited()).isPositive();
            final double seconds = (System.nanoTime() - started) / 1e9;
            final long generateCalls = service.simulator.stats().generateRequests();
            assertThat(generateCalls)
                    .as("generate calls in %.1f s at %d/min (plus one refill period's burst)", seconds, perMinute)
                    .isLessThanOrEqualTo((long) Math.ceil(seconds * perMinute / 60.0) + perMinute / 60);
        }
    }

    @Test
    void shouldOverlapCallsToASlowUpstreamFromOneStreamThread() {
        try (ServiceUnderTest service = new ServiceUnderTest(
                kafka,
                registry,
                FastConfigs.upstream().latency(Duration.ofMillis(500)).build(),
                FastConfigs.processor().build())) {
            for (int i = 0; i < 20; i++) {
                service.send(Samples.request("slow-" + i));
            }
            service.flush();

            await().atMost(Duration.ofSeconds(60)).until(() -> service.results().size() >= 20);

            assertThat(service.completed()).hasSize(20);
            assertThat(service.simulator.stats().peakConcurrentRequests()).isGreaterThan(1);
        }
    }

    @Test
    void shouldDivideTheUpstreamLimitsAmongTheLiveInstances() {
        try (ServiceUnderTest service = new ServiceUnderTest(
                kafka,
                registry,
                FastConfigs.upstream().build(),
                FastConfigs.processor().build())) {
            await().atMost(Duration.ofSeconds(60)).until(() -> service.service.state() == KafkaStreams.State.RUNNING);
            assertThat(service.service.gate().liveInstances()).isEqualTo(1);

            final SeedanceService peer = service.startPeer();

            await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
                assertThat(service.service.gate().liveInstances()).isEqualTo(2);
                assertThat(peer.gate().liveInstances()).isEqualTo(2);
            });
            for (int i = 0; i < 20; i++) {
                service.send(Samples.request("shared-" + i));
            }
            service.flush();
            await().atMost(Duration.ofSeconds(60)).until(() -> service.results().size() >= 20);
            assertThat(ServiceUnderTest.requestIds(service.results())).doesNotHaveDuplicates();
        }
    }

    @Test
    void shouldMoveTasksToTheSurvivorWhenAnInstanceStops() {
        try (ServiceUnderTest service = new ServiceUnderTest(
                kafka,
                registry,
                FastConfigs.upstream().generationTime(Duration.ofSeconds(3)).build(),
                FastConfigs.processor().firstPollDelay(Duration.ofSeconds(1)).build())) {
            final SeedanceService peer = service.startPeer();
            await().atMost(Duration.ofSeconds(60))
                    .until(() -> service.service.gate().liveInstances() == 2
                            && peer.gate().liveInstances() == 2);
            for (int i = 0; i < 40; i++) {
                service.send(VideoRequest.newBuilder(Samples.request("failover-" + i))
                        .setPrompt("Take " + i + " of the cat in @image1 and the dog in @image2")
                        .build());
            }
            service.flush();
            // Both instances have tasks pending upstream; then one of them stops.
            await().atMost(Duration.ofSeconds(60))
                    .until(() -> service.simulator.stats().tasksCreated() >= 40
                            && peer.gate().tasksInFlight() > 0
                            && service.service.gate().tasksInFlight() > 0);
            assertThat(service.results()).hasSizeLessThan(40);
            peer.close(Duration.ofSeconds(30));

            await().atMost(Duration.ofSeconds(90)).until(() -> service.results().size() >= 40);
            assertThat(ServiceUnderTest.requestIds(service.results()))
                    .hasSize(40)
                    .doesNotHaveDuplicates();
            assertThat(service.completed()).hasSize(40);
            assertThat(service.simulator.stats().tasksCreated()).isEqualTo(40);
            await().atMost(Duration.ofSeconds(30))
                    .until(() -> service.service.gate().liveInstances() == 1);
        }
    }

    @Test
    void shouldWaitForAnUnavailableRegistryInsteadOfDeadLetteringGoodRequests() throws Exception {
        try (RegistryProxy proxy = new RegistryProxy(registry.url());
                KafkaProducer<String, VideoRequest> producer =
                        Clients.avroProducer(kafka.bootstrapServers(), registry.url())) {
            proxy.available(false);
            try (ServiceUnderTest service = new ServiceUnderTest(
                    kafka,
                    proxy.url(),
                    FastConfigs.upstream().build(),
                    FastConfigs.processor().build())) {
                for (int i = 0; i < 5; i++) {
                    final VideoRequest request = Samples.request("registry-down-" + i);
                    producer.send(new ProducerRecord<>(service.topics.requests(), request.getRequestId(), request));
                }
                producer.flush();

                // The registry is down from the start: nothing is decoded, nothing is set aside, the service lives on.
                await().during(Duration.ofSeconds(6))
                        .atMost(Duration.ofSeconds(8))
                        .until(() -> service.results().isEmpty()
                                && service.service.state().isRunningOrRebalancing());
                proxy.available(true);

                await().atMost(Duration.ofSeconds(60))
                        .until(() -> service.results().size() >= 5);
                assertThat(service.completed()).hasSize(5);

                // Mid-run: requests written with a newer schema (a new id the service has not seen)
                // arrive while the registry is down again.
                proxy.available(false);
                final Schema newer = NextVersions.withOptionalString(VideoRequest.getClassSchema(), "style");
                try (KafkaProducer<String, Object> generic =
                        Clients.avroProducer(kafka.bootstrapServers(), registry.url())) {
                    for (int i = 0; i < 3; i++) {
                        final GenericRecord record = new GenericData.Record(newer);
                        record.put("request_id", "registry-down-later-" + i);
                        record.put("prompt", "A newer producer's request " + i);
                        record.put("image_urls", List.of());
                        record.put("metadata", Map.of());
                        record.put("style", "watercolour");
                        generic.send(
                                new ProducerRecord<>(service.topics.requests(), "registry-down-later-" + i, record));
                    }
                }
                await().during(Duration.ofSeconds(3))
                        .atMost(Duration.ofSeconds(5))
                        .until(() -> service.results().size() == 5
                                && service.service.state().isRunningOrRebalancing());
                proxy.available(true);

                await().atMost(Duration.ofSeconds(60))
                        .until(() -> service.results().size() >= 8);
                assertThat(service.completed()).hasSize(8);
                assertThat(deadLetterCount(service.topics.deadLetters())).isZero();
            }
        }
    }

    private long deadLetterCount(final String topic) {
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", kafka.bootstrapServers()))) {
            final TopicPartition p0 = new TopicPartition(topic, 0);
            final TopicPartition p1 = new TopicPartition(topic, 1);
            return admin
                    .listOffsets(Map.of(p0, OffsetSpec.latest(), p1, OffsetSpec.latest()))
                    .all()
                    .get()
                    .values()
                    .stream()
                    .mapToLong(ListOffsetsResult.ListOffsetsResultInfo::offset)
                    .sum();
        } catch (final Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void shouldTimeOutAStuckTaskAndSubmitADuplicateOnlyOnce() {
        try (ServiceUnderTest service = new ServiceUnderTest(
                kafka,
                registry,
                FastConfigs.upstream().generationTime(Duration.ofMinutes(10)).build(),
                FastConfigs.processor().taskDeadline(Duration.ofSeconds(4)).build())) {
            service.send(Samples.request("stuck-1"));
            service.send(Samples.request("stuck-1"));
            service.flush();

            await().atMost(Duration.ofSeconds(60))
                    .until(() -> !service.results().isEmpty());

            assertThat(service.failed()).singleElement().satisfies(f -> {
                assertThat(f.getRequestId()).isEqualTo("stuck-1");
                assertThat(f.getError()).isEqualTo(FailureReason.TIMED_OUT);
                assertThat(f.getTaskId()).isNotNull();
                assertThat(f.getMessage()).contains("did not finish");
            });
            assertThat(service.simulator.stats().generateRequests()).isEqualTo(1);
            assertThat(service.service.metrics().count(ProcessorMetrics.Counter.REQUESTS_DUPLICATE))
                    .isEqualTo(1);
            assertThat(service.completed()).isEmpty();
        }
    }
}
