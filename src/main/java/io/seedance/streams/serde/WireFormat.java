package io.seedance.streams.serde;

import java.nio.ByteBuffer;
import org.apache.kafka.common.errors.SerializationException;

/**
 * The Confluent wire format: one magic byte {@code 0x00}, the writer schema's registry id as a
 * 4-byte big-endian int, then the Avro binary encoding of the value. Any client of a
 * Confluent-compatible registry, in any language, reads and writes exactly these bytes.
 */
final class WireFormat {

    static final byte MAGIC_BYTE = 0x0;
    static final int HEADER_SIZE = 1 + Integer.BYTES;

    private WireFormat() {}

    /** Writes the 5-byte header into the first bytes of {@code target}. */
    static void writeHeader(final byte[] target, final int schemaId) {
        ByteBuffer.wrap(target, 0, HEADER_SIZE).put(MAGIC_BYTE).putInt(schemaId);
    }

    /**
     * Reads the schema id from a framed payload, rejecting anything that is not in this format
     * with an error that names the topic.
     */
    static int schemaId(final String topic, final byte[] payload) {
        if (payload.length < HEADER_SIZE) {
            throw new SerializationException("Cannot deserialize a record of topic '" + topic
                    + "': " + payload.length + " bytes is too short for the Confluent wire format"
                    + " (magic byte and 4-byte schema id)");
        }
        if (payload[0] != MAGIC_BYTE) {
            throw new SerializationException(String.format(
                    "Cannot deserialize a record of topic '%s': unknown magic byte 0x%02x"
                            + " (expected 0x00, the Confluent wire format)",
                    topic, payload[0]));
        }
        return ByteBuffer.wrap(payload, 1, Integer.BYTES).getInt();
    }
}
