package io.seedance.streams.serde;

import org.apache.avro.generic.GenericContainer;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Serdes;

/**
 * A Kafka {@code Serde} over {@link AvroSerializer} and {@link AvroDeserializer}. Configure it
 * like Confluent's: {@code serde.configure(Map.of("schema.registry.url", url), false)}.
 */
public final class AvroSerde<T extends GenericContainer> extends Serdes.WrapperSerde<T> {

    private AvroSerde(final Class<T> targetType) {
        super(new AvroSerializer<>(), new AvroDeserializer<>(targetType));
    }

    /** A serde for one generated class; reads any compatible writer schema into it. */
    public static <T extends SpecificRecord> AvroSerde<T> specific(final Class<T> type) {
        return new AvroSerde<>(type);
    }

    /** A serde for {@link GenericRecord}s of whatever schema the writer used. */
    public static AvroSerde<GenericRecord> generic() {
        return new AvroSerde<>(null);
    }
}
