package io.seedance.streams.topology;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.seedance.streams.schemas.FailureReason;
import io.seedance.streams.schemas.Samples;
import io.seedance.streams.schemas.VideoFailed;
import io.seedance.streams.schemas.VideoRequest;
import io.seedance.streams.serde.AvroSerializer;
import io.seedance.streams.simulator.SimulatorConfig;
import io.seedance.streams.testing.ApicurioRegistry;
import io.seedance.streams.testing.Clients;
import io.seedance.streams.testing.KafkaCluster;
import io.seedance.streams.testing.ServiceUnderTest;
import io.seedance.streams.testing.SharedServices;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KafkaStreams;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A corpus of bad input ({@code bad-input/corpus.json}): undecodable records go to the dead-letter
 * topic with headers naming where they came from and why; decodable but invalid requests get
 * {@code INVALID_REQUEST} naming their problem; afterwards a good request still completes.
 */
@ExtendWith(SharedServices.class)
@Timeout(180)
class BadInputIT {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void shouldSurviveTheBadInputCorpusAndStillServeAGoodRequest(
            final KafkaCluster kafka, final ApicurioRegistry registry) throws IOException {
        final JsonNode corpus;
        try (InputStream in = BadInputIT.class.getResourceAsStream("/bad-input/corpus.json")) {
            corpus = JSON.readTree(in);
        }
        assertThat(corpus.path("undecodable").size() + corpus.path("invalid").size())
                .isGreaterThanOrEqualTo(50);
        try (ServiceUnderTest service = new ServiceUnderTest(
                        kafka,
                        registry,
                        SimulatorConfig.builder()
                                .generationTime(Duration.ofMillis(300))
                                .build(),
                        ProcessorConfig.builder()
                                .firstPollDelay(Duration.ofMillis(300))
                                .pollInterval(Duration.ofMillis(300))
                                .build());
                KafkaProducer<String, Object> avro = Clients.avroProducer(kafka.bootstrapServers(), registry.url());
                KafkaProducer<String, byte[]> raw = new KafkaProducer<>(Map.of(
                        "bootstrap.servers",
                        kafka.bootstrapServers(),
                        "key.serializer",
                        StringSerializer.class.getName(),
                        "value.serializer",
                        ByteArraySerializer.class.getName()))) {
            final String topic = service.topics.requests();
            final byte[] header = Arrays.copyOf(
                    new AvroSerializer<VideoRequest>() {
                        {
                            configure(Map.of("schema.registry.url", registry.url()), false);
                        }
                    }.serialize(topic, Samples.request("header")),
                    5);
            final String schemaId = HexFormat.of().formatHex(header, 1, 5);

            final Map<String, byte[]> rawBytes = new LinkedHashMap<>();
            for (final JsonNode bad : corpus.path("undecodable")) {
                final String key =
                        bad.path("key").isNull() ? null : bad.path("key").asText();
                if (bad.has("request")) {
                    avro.send(new ProducerRecord<>(topic, key, request(bad.path("request"))));
                } else {
                    final byte[] value = bad.path("valueHex").isNull()
                            ? null
                            : HexFormat.of()
                                    .parseHex(bad.path("valueHex").asText().replace("{{id}}", schemaId));
                    rawBytes.put(bad.path("name").asText(), value);
                    raw.send(new ProducerRecord<>(topic, key, value));
                }
            }
            final Map<String, String> expectedProblems = new HashMap<>();
            for (final JsonNode invalid : corpus.path("invalid")) {
                final VideoRequest request = request(invalid.path("request"));
                expectedProblems.put(
                        request.getRequestId(), invalid.path("error").asText());
                avro.send(new ProducerRecord<>(
                        topic, invalid.has("key") ? invalid.path("key").asText() : request.getRequestId(), request));
            }
            // Cancellations that cannot be read go to the same dead-letter topic; the stream goes on.
            final String cancellations = service.topics.cancellations();
            raw.send(new ProducerRecord<>(
                    cancellations, "garbage-cancel", HexFormat.of().parseHex("00ffffffff0102")));
            raw.send(new ProducerRecord<>(cancellations, "tombstone-cancel", null));
            final int undecodable = corpus.path("undecodable").size() + 2;
            avro.flush();
            raw.flush();
            service.send(Samples.request("good-after-bad"));
            service.flush();

            await().atMost(Duration.ofSeconds(90))
                    .until(() ->
                            service.completed().size() == 1 && service.failed().size() == expectedProblems.size());
            assertThat(service.completed().get(0).getRequestId()).isEqualTo("good-after-bad");
            for (final VideoFailed failed : service.failed()) {
                assertThat(failed.getError()).isEqualTo(FailureReason.INVALID_REQUEST);
                assertThat(failed.getMessage())
                        .as(failed.getRequestId())
                        .contains(expectedProblems.get(failed.getRequestId()));
            }
            final List<ConsumerRecord<byte[], byte[]>> dead =
                    deadLetters(kafka, service.topics.deadLetters(), undecodable);
            assertThat(dead).hasSize(undecodable).allSatisfy(record -> {
                assertThat(header(record, "__streams.errors.topic")).isIn(topic, cancellations);
                assertThat(header(record, "__streams.errors.partition")).isNotBlank();
                assertThat(header(record, "__streams.errors.offset")).isNotBlank();
                assertThat(header(record, "__streams.errors.exception")).contains("Exception");
                assertThat(header(record, "__streams.errors.message")).isNotBlank();
            });
            final List<String> messages = dead.stream()
                    .map(r -> header(r, "__streams.errors.message"))
                    .toList();
            for (final JsonNode bad : corpus.path("undecodable")) {
                final String fragment = bad.path("error").asText();
                assertThat(messages)
                        .as(bad.path("name").asText())
                        .anySatisfy(m -> assertThat(m).contains(fragment));
            }
            assertThat(dead)
                    .anySatisfy(record -> assertThat(record.value()).isEqualTo(rawBytes.get("garbage-16-bytes")));
            assertThat(dead)
                    .filteredOn(record -> cancellations.equals(header(record, "__streams.errors.topic")))
                    .extracting(record -> new String(record.key(), StandardCharsets.UTF_8))
                    .containsExactlyInAnyOrder("garbage-cancel", "tombstone-cancel");
            assertThat(service.service.state()).isEqualTo(KafkaStreams.State.RUNNING);
        }
    }

    private static VideoRequest request(final JsonNode json) {
        final List<String> images = new ArrayList<>();
        json.path("image_urls").forEach(url -> images.add(url.asText()));
        final Map<String, String> metadata = new HashMap<>();
        json.path("metadata")
                .fields()
                .forEachRemaining(e -> metadata.put(e.getKey(), e.getValue().asText()));
        return VideoRequest.newBuilder()
                .setRequestId(json.path("request_id").asText())
                .setPrompt(json.path("prompt").asText())
                .setImageUrls(images)
                .setModel(json.has("model") ? json.path("model").asText() : null)
                .setDurationSeconds(
                        json.has("duration_seconds")
                                ? json.path("duration_seconds").asInt()
                                : null)
                .setRatio(json.has("ratio") ? json.path("ratio").asText() : null)
                .setMetadata(metadata)
                .build();
    }

    private static List<ConsumerRecord<byte[], byte[]>> deadLetters(
            final KafkaCluster kafka, final String topic, final int count) {
        final List<ConsumerRecord<byte[], byte[]>> records = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(Map.of(
                "bootstrap.servers",
                kafka.bootstrapServers(),
                "group.id",
                "dlq-" + UUID.randomUUID(),
                "auto.offset.reset",
                "earliest",
                "isolation.level",
                "read_committed",
                "key.deserializer",
                ByteArrayDeserializer.class.getName(),
                "value.deserializer",
                ByteArrayDeserializer.class.getName()))) {
            consumer.subscribe(List.of(topic));
            await().atMost(Duration.ofSeconds(60)).until(() -> {
                consumer.poll(Duration.ofMillis(200)).forEach(records::add);
                return records.size() >= count;
            });
        }
        return records;
    }

    private static String header(final ConsumerRecord<?, ?> record, final String name) {
        final Header header = record.headers().lastHeader(name);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }
}
