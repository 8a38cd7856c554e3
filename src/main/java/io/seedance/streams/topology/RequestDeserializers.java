package io.seedance.streams.topology;

import io.seedance.streams.serde.RegistryUnavailableException;
import java.time.Duration;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The source's deserializers. Beyond what the Avro serde refuses, a record without a key or
 * without a value cannot be a request either: throwing here sends it, like every undecodable
 * record, through Kafka Streams' deserialization handler to the dead-letter topic (KIP-1034),
 * with its original bytes and headers naming the topic, partition, offset and error.
 */
final class RequestDeserializers {

    private static final Logger LOG = LoggerFactory.getLogger(RequestDeserializers.class);

    private RequestDeserializers() {}

    static Deserializer<String> key() {
        final StringDeserializer strings = new StringDeserializer();
        return (topic, bytes) -> {
            final String key = strings.deserialize(topic, bytes);
            if (key == null || key.isEmpty()) {
                throw new SerializationException(
                        "A record of topic '" + topic + "' has no key: the key must be the" + " request_id");
            }
            return key;
        };
    }

    /**
     * When the registry cannot be asked, the stream thread waits and asks again, with growing
     * pauses, for up to {@code registryPatience}: a short outage costs a pause, not a rebalance.
     * Past that the error goes up (and {@link RequestDeserializationHandler} has the record read
     * again by a new thread).
     */
    static <T> Deserializer<T> value(final Deserializer<T> avro, final Duration registryPatience) {
        return (topic, bytes) -> {
            if (bytes == null) {
                throw new SerializationException("A record of topic '" + topic + "' has a null value (a tombstone):"
                        + " there is nothing in it");
            }
            final long giveUpAt = System.nanoTime() + registryPatience.toNanos();
            long pause = 100;
            while (true) {
                try {
                    return avro.deserialize(topic, bytes);
                } catch (final RegistryUnavailableException e) {
                    if (System.nanoTime() + pause * 1_000_000 > giveUpAt) {
                        throw e;
                    }
                    LOG.warn("The schema registry is unavailable; asking again in {} ms ({})", pause, e.getMessage());
                    try {
                        Thread.sleep(pause);
                    } catch (final InterruptedException interrupted) {
                        Thread.currentThread().interrupt();
                        throw e;
                    }
                    pause = Math.min(pause * 2, 5_000);
                }
            }
        };
    }
}
