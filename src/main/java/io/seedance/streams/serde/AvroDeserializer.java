package io.seedance.streams.serde;

import java.io.IOException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.avro.AvroRuntimeException;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.io.BinaryDecoder;
import org.apache.avro.io.DatumReader;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;

/**
 * Reads the Confluent wire format. The writer schema comes from the registry by the id in the
 * payload; Avro's schema resolution then turns it into the reader's shape, so a record written
 * with an older or newer compatible schema decodes into today's generated class.
 * <ul>
 *   <li>With a target class (a generated {@link SpecificRecord}), that class is the reader.</li>
 *   <li>Without one, {@code specific.avro.reader=true} reads into the generated class named by the
 *       writer schema, and otherwise into a {@code GenericRecord} of the writer schema.</li>
 * </ul>
 */
public class AvroDeserializer<T> implements Deserializer<T> {

    private final Class<T> targetType;
    /** One reader per writer schema id; readers are thread-safe and costly to build. */
    private final Map<Integer, DatumReader<T>> readers = new ConcurrentHashMap<>();
    /** A thread's decoder, reconfigured per record instead of allocated (consumers read on one thread). */
    private static final ThreadLocal<BinaryDecoder> DECODER = new ThreadLocal<>();

    private SchemaRegistryClient registry;
    private boolean specificReader;

    /** A generic deserializer for Kafka's reflective construction; {@link #configure} must follow. */
    public AvroDeserializer() {
        this(null);
    }

    /** A deserializer into {@code targetType} (null for generic); {@link #configure} must follow. */
    public AvroDeserializer(final Class<T> targetType) {
        this.targetType = targetType;
    }

    /** A deserializer that is ready to use, with the given registry. */
    public AvroDeserializer(final Class<T> targetType, final SchemaRegistryClient registry) {
        this(targetType);
        this.registry = registry;
    }

    @Override
    public void configure(final Map<String, ?> configs, final boolean isKey) {
        final AvroSerdeConfig config = new AvroSerdeConfig(configs);
        this.registry = SchemaRegistryClients.forConfig(config);
        this.specificReader = config.specificAvroReader();
    }

    @Override
    public T deserialize(final String topic, final byte[] payload) {
        if (payload == null) {
            return null;
        }
        if (registry == null) {
            throw new IllegalStateException("AvroDeserializer used before configure()");
        }
        final int schemaId = WireFormat.schemaId(topic, payload);
        final DatumReader<T> reader;
        try {
            reader = readers.computeIfAbsent(schemaId, id -> readerFor(registry.byId(id)));
        } catch (final SchemaRegistryException e) {
            final String why = e.isNotFound() ? "unknown schema id " + schemaId : e.getMessage();
            final String message = "Cannot deserialize a record of topic '" + topic + "': " + why;
            throw e.isTransient()
                    ? new RegistryUnavailableException(message, e)
                    : new SerializationException(message, e);
        }
        try {
            final BinaryDecoder decoder = DecoderFactory.get()
                    .binaryDecoder(
                            payload, WireFormat.HEADER_SIZE, payload.length - WireFormat.HEADER_SIZE, DECODER.get());
            DECODER.set(decoder);
            return reader.read(null, decoder);
        } catch (final IOException | AvroRuntimeException | IndexOutOfBoundsException | ClassCastException e) {
            throw new SerializationException(
                    "Cannot deserialize a record of topic '" + topic + "' with schema id " + schemaId + ": " + e, e);
        }
    }

    private DatumReader<T> readerFor(final Schema writer) {
        if (targetType != null && SpecificRecord.class.isAssignableFrom(targetType)) {
            return new SpecificDatumReader<>(writer, SpecificData.get().getSchema(targetType));
        }
        if (specificReader) {
            final Class<?> generated = SpecificData.get().getClass(writer);
            if (generated == null || !SpecificRecord.class.isAssignableFrom(generated)) {
                throw new SchemaRegistryException(
                        200,
                        0,
                        "specific.avro.reader is true but no generated class " + writer.getFullName()
                                + " is on the classpath");
            }
            return new SpecificDatumReader<>(writer, SpecificData.get().getSchema(generated));
        }
        return new GenericDatumReader<>(writer, writer);
    }
}
