package io.seedance.streams.serde;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.seedance.streams.schemas.Samples;
import io.seedance.streams.schemas.VideoCompleted;
import io.seedance.streams.schemas.VideoFailed;
import io.seedance.streams.schemas.VideoRequest;
import io.seedance.streams.testing.ApicurioRegistry;
import io.seedance.streams.testing.ConfluentJsPeer;
import io.seedance.streams.testing.SharedServices;
import java.util.Map;
import java.util.UUID;
import org.apache.avro.specific.SpecificRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Byte compatibility with Confluent's own implementation: Confluent's official JavaScript serde
 * reads what our serializer wrote, and our deserializer reads what it wrote, through the same
 * registry. Compared field by field.
 */
@ExtendWith(SharedServices.class)
@Timeout(120)
class ConfluentCompatibilityIT {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final ApicurioRegistry registry;
    private final ConfluentJsPeer confluent;

    ConfluentCompatibilityIT(final ApicurioRegistry registry) {
        this.registry = registry;
        this.confluent = new ConfluentJsPeer(registry.url());
    }

    @Test
    void confluentShouldReadTheVideoRequestWeWrote() {
        final String topic = "requests-" + UUID.randomUUID();
        final VideoRequest request = Samples.request("r-1");

        final JsonNode read =
                confluent.read(topic, serializer(VideoRequest.class).serialize(topic, request));

        assertThat(read.path("request_id").asText()).isEqualTo(request.getRequestId());
        assertThat(read.path("prompt").asText()).isEqualTo(request.getPrompt());
        assertThat(read.path("image_urls"))
                .extracting(JsonNode::asText)
                .containsExactlyElementsOf(request.getImageUrls());
        assertThat(read.path("model").asText()).isEqualTo(request.getModel());
        assertThat(read.path("duration_seconds").asInt()).isEqualTo(request.getDurationSeconds());
        assertThat(read.path("ratio").asText()).isEqualTo(request.getRatio());
        assertThat(read.path("requested_at").asLong())
                .isEqualTo(request.getRequestedAt().toEpochMilli());
        assertThat(JSON.convertValue(read.path("metadata"), Map.class)).isEqualTo(request.getMetadata());
    }

    @Test
    void confluentShouldReadTheVideoFailedWeWroteIncludingItsEnum() {
        final String topic = "failed-" + UUID.randomUUID();
        final VideoFailed failed = Samples.failed("r-2");

        final JsonNode read =
                confluent.read(topic, serializer(VideoFailed.class).serialize(topic, failed));

        assertThat(read.path("request_id").asText()).isEqualTo("r-2");
        assertThat(read.path("task_id").isNull()).isTrue();
        assertThat(read.path("error").asText()).isEqualTo(failed.getError().name());
        assertThat(read.path("message").asText()).isEqualTo(failed.getMessage());
        assertThat(read.path("retriable").asBoolean()).isEqualTo(failed.getRetriable());
        assertThat(read.path("attempts").asInt()).isEqualTo(failed.getAttempts());
        assertThat(read.path("failed_at").asLong())
                .isEqualTo(failed.getFailedAt().toEpochMilli());
        assertThat(read.path("metadata").size()).isZero();
    }

    @Test
    void weShouldReadTheVideoCompletedConfluentWrote() {
        final String topic = "completed-" + UUID.randomUUID();
        final VideoCompleted expected = Samples.completed("r-3");
        // Registered by us; Confluent's serializer writes with the subject's latest schema.
        serializer(VideoCompleted.class).serialize(topic, expected);
        final ObjectNode value = JSON.createObjectNode()
                .put("request_id", expected.getRequestId())
                .put("task_id", expected.getTaskId())
                .put("video_url", expected.getVideoUrl())
                .put("video_url_expires_at", expected.getVideoUrlExpiresAt().toEpochMilli())
                .put("model", expected.getModel())
                .put("duration_seconds", expected.getDurationSeconds())
                .put("ratio", expected.getRatio())
                .put("consumed", expected.getConsumed())
                .put("task_created_at", expected.getTaskCreatedAt().toEpochMilli())
                .put("submitted_at", expected.getSubmittedAt().toEpochMilli())
                .put("completed_at", expected.getCompletedAt().toEpochMilli())
                .put("query_count", expected.getQueryCount());
        value.set("metadata", JSON.valueToTree(expected.getMetadata()));

        final byte[] written = confluent.write(topic, value);

        final VideoCompleted read = deserializer(VideoCompleted.class).deserialize(topic, written);
        assertThat(read.getRequestId()).isEqualTo(expected.getRequestId());
        assertThat(read.getTaskId()).isEqualTo(expected.getTaskId());
        assertThat(read.getVideoUrl()).isEqualTo(expected.getVideoUrl());
        assertThat(read.getVideoUrlExpiresAt()).isEqualTo(expected.getVideoUrlExpiresAt());
        assertThat(read.getModel()).isEqualTo(expected.getModel());
        assertThat(read.getDurationSeconds()).isEqualTo(expected.getDurationSeconds());
        assertThat(read.getRatio()).isEqualTo(expected.getRatio());
        assertThat(read.getConsumed()).isEqualTo(expected.getConsumed());
        assertThat(read.getTaskCreatedAt()).isEqualTo(expected.getTaskCreatedAt());
        assertThat(read.getSubmittedAt()).isEqualTo(expected.getSubmittedAt());
        assertThat(read.getCompletedAt()).isEqualTo(expected.getCompletedAt());
        assertThat(read.getQueryCount()).isEqualTo(expected.getQueryCount());
        assertThat(read.getMetadata()).isEqualTo(expected.getMetadata());
        assertThat(read).isEqualTo(expected);
    }

    @Test
    void bothShouldWriteTheSameBytesForTheSameRecord() {
        final String topic = "same-bytes-" + UUID.randomUUID();
        final VideoFailed failed = Samples.failed("r-4");
        final byte[] ours = serializer(VideoFailed.class).serialize(topic, failed);
        final ObjectNode value = JSON.createObjectNode()
                .put("request_id", failed.getRequestId())
                .putNull("task_id")
                .put("error", failed.getError().name())
                .put("message", failed.getMessage())
                .put("retriable", failed.getRetriable())
                .put("attempts", failed.getAttempts())
                .put("failed_at", failed.getFailedAt().toEpochMilli());
        value.set("metadata", JSON.createObjectNode());

        assertThat(confluent.write(topic, value)).isEqualTo(ours);
    }

    private <T extends SpecificRecord> AvroSerializer<T> serializer(final Class<T> type) {
        final AvroSerializer<T> serializer = new AvroSerializer<>();
        serializer.configure(Map.of("schema.registry.url", registry.url()), false);
        return serializer;
    }

    private <T extends SpecificRecord> AvroDeserializer<T> deserializer(final Class<T> type) {
        final AvroDeserializer<T> deserializer = new AvroDeserializer<>(type);
        deserializer.configure(Map.of("schema.registry.url", registry.url()), false);
        return deserializer;
    }
}
