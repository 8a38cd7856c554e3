package io.seedance.streams.topology;

import io.seedance.streams.schemas.VideoRequest;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * The source's deserializers. Beyond what the Avro serde refuses, a record without a key or
 * without a value cannot be a request either: throwing here sends it, like every undecodable
 * record, through Kafka Streams' deserialization handler to the dead-letter topic (KIP-1034),
 * with its original bytes and headers naming the topic, partition, offset and error.
 */
final class RequestDeserializers {

    private RequestDeserializers() {
    }

    static Deserializer<String> key() {
        final StringDeserializer strings = new StringDeserializer();
        return (topic, bytes) -> {
            final String key = strings.deserialize(topic, bytes);
            if (key == null || key.isEmpty()) {
                throw new SerializationException("A record of topic '" + topic + "' has no key: the key must be the"
                        + " request_id");
            }
            return key;
        };
    }

    static Deserializer<VideoRequest> value(final Deserializer<VideoRequest> avro) {
        return (topic, bytes) -> {
            if (bytes == null) {
                throw new SerializationException("A record of topic '" + topic + "' has a null value (a tombstone):"
                        + " there is no request in it");
            }
            return avro.deserialize(topic, bytes);
        };
    }
}
