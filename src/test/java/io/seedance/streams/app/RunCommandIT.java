package io.seedance.streams.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.seedance.streams.schemas.Samples;
import io.seedance.streams.schemas.VideoCompleted;
import io.seedance.streams.schemas.VideoRequest;
import io.seedance.streams.serde.AvroDeserializer;
import io.seedance.streams.serde.AvroSerializer;
import io.seedance.streams.simulator.SeedanceSimulator;
import io.seedance.streams.simulator.SimulatorConfig;
import io.seedance.streams.testing.ApicurioRegistry;
import io.seedance.streams.testing.ChildJvm;
import io.seedance.streams.testing.KafkaCluster;
import io.seedance.streams.testing.RunEnvironment;
import io.seedance.streams.testing.SharedServices;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/** {@code run} as a process: configured by environment only, it creates its topics, works, and stops cleanly on SIGTERM. */
@ExtendWith(SharedServices.class)
@Timeout(180)
class RunCommandIT {

    private static final String KEY = "dk-run-it";

    @Test
    void shouldCreateTopicsCompleteARequestAndExit0OnSigterm(final KafkaCluster kafka, final ApicurioRegistry registry)
            throws Exception {
        final String id = UUID.randomUUID().toString().substring(0, 8);
        try (SeedanceSimulator simulator = SeedanceSimulator.start(SimulatorConfig.builder().apiKeys(Set.of(KEY))
                .generationTime(Duration.ofMillis(500)).build());
                ChildJvm run = ChildJvm.start(environment(kafka, registry, simulator, id), "run")) {

            await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
                assertThat(run.isAlive()).as(run.output()).isTrue();
                try (Admin admin = Admin.create(Map.of("bootstrap.servers", kafka.bootstrapServers()))) {
                    assertThat(admin.listTopics().names().get()).contains("requests-" + id, "completed-" + id,
                            "failed-" + id, "dlq-" + id, "callbacks-" + id);
                }
            });
            final VideoRequest request = Samples.request("run-" + id);
            try (KafkaProducer<String, VideoRequest> producer = new KafkaProducer<>(Map.of(
                    "bootstrap.servers", kafka.bootstrapServers(), "key.serializer", StringSerializer.class.getName(),
                    "value.serializer", AvroSerializer.class.getName(), "schema.registry.url", registry.url()))) {
                producer.send(new ProducerRecord<>("requests-" + id, request.getRequestId(), request)).get();
            }

            final List<SpecificRecord> results = consume(kafka, registry, "completed-" + id, 1);
            assertThat(results).singleElement().isInstanceOfSatisfying(VideoCompleted.class,
                    c -> assertThat(c.getRequestId()).isEqualTo(request.getRequestId()));
            assertThat(run.output()).doesNotContain(KEY);

            run.terminate();
            assertThat(run.waitFor(45)).as(run.output()).isZero();
        }
    }

    @Test
    void shouldRefuseToStartWhenRequestsAndCallbacksAreNotCoPartitioned(final KafkaCluster kafka,
            final ApicurioRegistry registry) throws Exception {
        final String id = UUID.randomUUID().toString().substring(0, 8);
        kafka.createTopics(2, "requests-" + id);
        kafka.createTopics(3, "callbacks-" + id);
        try (SeedanceSimulator simulator = SeedanceSimulator.start(SimulatorConfig.builder().apiKeys(Set.of(KEY)).build());
                ChildJvm run = ChildJvm.start(environment(kafka, registry, simulator, id), "run")) {

            assertThat(run.waitFor(60)).as(run.output()).isEqualTo(2);
            assertThat(run.output()).contains("not co-partitioned").contains("requests-" + id)
                    .contains("callbacks-" + id);
        }
    }

    private static Map<String, String> environment(final KafkaCluster kafka, final ApicurioRegistry registry,
            final SeedanceSimulator simulator, final String id) {
        return RunEnvironment.of(kafka.bootstrapServers(), registry, simulator, KEY, id);
    }

    static List<SpecificRecord> consume(final KafkaCluster kafka, final ApicurioRegistry registry,
            final String topic, final int count) {
        return consume(kafka, registry, List.of(topic), count);
    }

    static List<SpecificRecord> consume(final KafkaCluster kafka, final ApicurioRegistry registry,
            final List<String> topics, final int count) {
        final Map<String, Object> config = new HashMap<>();
        config.put("bootstrap.servers", kafka.bootstrapServers());
        config.put("group.id", "run-it-" + UUID.randomUUID());
        config.put("auto.offset.reset", "earliest");
        config.put("isolation.level", "read_committed");
        config.put("key.deserializer", StringDeserializer.class.getName());
        config.put("value.deserializer", AvroDeserializer.class.getName());
        config.put("schema.registry.url", registry.url());
        config.put("specific.avro.reader", "true");
        final List<SpecificRecord> values = new ArrayList<>();
        try (KafkaConsumer<String, SpecificRecord> consumer = new KafkaConsumer<>(config)) {
            consumer.subscribe(topics);
            await().atMost(Duration.ofSeconds(120)).until(() -> {
                consumer.poll(Duration.ofMillis(200)).forEach(record -> values.add(record.value()));
                return values.size() >= count;
            });
        }
        return values;
    }
}
