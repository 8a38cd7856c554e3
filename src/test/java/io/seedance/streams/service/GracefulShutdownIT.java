package io.seedance.streams.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.seedance.streams.schemas.Samples;
import io.seedance.streams.schemas.VideoRequest;
import io.seedance.streams.simulator.SeedanceSimulator;
import io.seedance.streams.simulator.SimulatorConfig;
import io.seedance.streams.testing.ApicurioRegistry;
import io.seedance.streams.testing.ChildJvm;
import io.seedance.streams.testing.Clients;
import io.seedance.streams.testing.KafkaCluster;
import io.seedance.streams.testing.RunEnvironment;
import io.seedance.streams.testing.SharedServices;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * SIGTERM while submissions are in flight: the instance stops asking, lets the calls finish and
 * records their task ids, exits 0; after a restart nothing is submitted twice.
 */
@ExtendWith(SharedServices.class)
@Timeout(240)
class GracefulShutdownIT {

    private static final String KEY = "dk-graceful";

    @Test
    void shouldFinishInFlightSubmissionsExit0AndResubmitNothingAfterARestart(
            final KafkaCluster kafka, final ApicurioRegistry registry) throws Exception {
        final String id = UUID.randomUUID().toString().substring(0, 8);
        try (SeedanceSimulator simulator = SeedanceSimulator.start(SimulatorConfig.builder()
                .apiKeys(Set.of(KEY))
                .latency(Duration.ofSeconds(2))
                .generationTime(Duration.ofSeconds(1))
                .build())) {
            final Map<String, String> env = RunEnvironment.of(kafka.bootstrapServers(), registry, simulator, KEY, id);
            env.put("UPSTREAM_SUBMITS_PER_MINUTE", "6000");
            final int total = 12;
            try (ChildJvm first = ChildJvm.start(env, "run")) {
                await().atMost(Duration.ofSeconds(60))
                        .untilAsserted(() -> assertThat(first.output()).contains("REBALANCING -> RUNNING"));
                send(kafka, registry, "requests-" + id, total);
                await().atMost(Duration.ofSeconds(60))
                        .until(() -> simulator.stats().generateRequests() >= total / 2);

                first.terminate();
                assertThat(first.waitFor(60)).as(first.output()).isZero();
                assertThat(first.output()).contains("Drained the upstream calls (0 left unapplied)");
            }
            try (ChildJvm second = ChildJvm.start(env, "run")) {
                final List<SpecificRecord> results =
                        Clients.consume(kafka, registry, List.of("completed-" + id, "failed-" + id), total);
                assertThat(results).hasSize(total);
                assertThat(simulator.stats().tasksCreated()).isEqualTo(total);
                assertThat(simulator.stats().duplicateSubmissions()).isZero();
                assertThat(second.output()).doesNotContain("submitting it again");
                second.terminate();
                assertThat(second.waitFor(60)).isZero();
            }
        }
    }

    private static void send(
            final KafkaCluster kafka, final ApicurioRegistry registry, final String topic, final int count)
            throws Exception {
        try (KafkaProducer<String, VideoRequest> producer =
                Clients.avroProducer(kafka.bootstrapServers(), registry.url())) {
            for (int i = 0; i < count; i++) {
                final VideoRequest request = VideoRequest.newBuilder(Samples.request("graceful-" + i))
                        .setPrompt("Take " + i + " of a cat in @image1 meeting a dog in @image2")
                        .build();
                producer.send(new ProducerRecord<>(topic, request.getRequestId(), request))
                        .get();
            }
        }
    }
}
