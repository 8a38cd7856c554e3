package io.seedance.streams.serde;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.avro.AvroRuntimeException;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericContainer;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DatumWriter;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Serializer;

/**
 * Writes Avro records ({@link SpecificRecord}s or {@code GenericRecord}s) in the Confluent wire
 * format, under the subject {@code <topic>-value} (or {@code -key}). By default the record's own
 * schema is registered on first use; with {@code auto.register.schemas=false} it must already be
 * registered; with {@code use.latest.version=true} the subject's latest schema is the writer
 * schema, and a record of an older compatible schema is converted to it first.
 */
public class AvroSerializer<T extends GenericContainer> implements Serializer<T> {

    private record WriterKey(Schema schema, boolean specific) {
    }

    /** Datum writers are stateless and costly to build: one per schema, shared by threads. */
    private final Map<WriterKey, DatumWriter<Object>> writers = new ConcurrentHashMap<>();
    private SchemaRegistryClient registry;
    private boolean isKey;
    private boolean autoRegister = true;
    private boolean useLatestVersion;

    /** For Kafka's reflective construction; {@link #configure} must follow. */
    public AvroSerializer() {
    }

    /** A serializer that is ready to use, with the given registry and default settings. */
    public AvroSerializer(final SchemaRegistryClient registry, final boolean isKey) {
        this.registry = registry;
        this.isKey = isKey;
    }

    @Override
    public void configure(final Map<String, ?> configs, final boolean isKey) {
        final AvroSerdeConfig config = new AvroSerdeConfig(configs);
        this.registry = SchemaRegistryClients.forConfig(config);
        this.isKey = isKey;
        this.autoRegister = config.autoRegisterSchemas();
        this.useLatestVersion = config.useLatestVersion();
    }

    @Override
    public byte[] serialize(final String topic, final T record) {
        if (record == null) {
            return null;
        }
        if (registry == null) {
            throw new IllegalStateException("AvroSerializer used before configure()");
        }
        final String subject = Subjects.of(topic, isKey);
        final Schema own = record.getSchema();
        try {
            if (useLatestVersion) {
                final RegisteredSchema latest = registry.latest(subject);
                return latest.schema().equals(own)
                        ? encode(latest.id(), own, record)
                        : encode(latest.id(), latest.schema(), convert(record, latest.schema()));
            }
            final int id = autoRegister ? registry.register(subject, own) : registry.idOf(subject, own);
            return encode(id, own, record);
        } catch (final SchemaRegistryException e) {
            final String message = "Cannot serialize a record of topic '" + topic + "' (subject '" + subject
                    + "', schema " + own.getFullName() + "): " + e.getMessage();
            throw e.isTransient() ? new RegistryUnavailableException(message, e) : new SerializationException(message, e);
        } catch (final IOException | AvroRuntimeException | ClassCastException | NullPointerException e) {
            throw new SerializationException("Cannot serialize a record of topic '" + topic + "' as "
                    + own.getFullName() + ": " + e.getMessage(), e);
        }
    }

    private byte[] encode(final int schemaId, final Schema writer, final Object record) throws IOException {
        final ByteArrayOutputStream out = new ByteArrayOutputStream(256);
        final byte[] header = new byte[WireFormat.HEADER_SIZE];
        WireFormat.writeHeader(header, schemaId);
        out.write(header);
        final BinaryEncoder encoder = EncoderFactory.get().directBinaryEncoder(out, null);
        writerFor(writer, record).write(record, encoder);
        encoder.flush();
        return out.toByteArray();
    }

    private DatumWriter<Object> writerFor(final Schema writer, final Object record) {
        return writers.computeIfAbsent(new WriterKey(writer, record instanceof SpecificRecord),
                key -> key.specific() ? new SpecificDatumWriter<>(key.schema()) : new GenericDatumWriter<>(key.schema()));
    }

    /** Avro schema resolution: the record as the (backward compatible) target schema reads it. */
    private Object convert(final GenericContainer record, final Schema target) throws IOException {
        final ByteArrayOutputStream bytes = new ByteArrayOutputStream(256);
        final BinaryEncoder encoder = EncoderFactory.get().directBinaryEncoder(bytes, null);
        writerFor(record.getSchema(), record).write(record, encoder);
        encoder.flush();
        return new GenericDatumReader<>(record.getSchema(), target)
                .read(null, DecoderFactory.get().binaryDecoder(bytes.toByteArray(), null));
    }
}
