package io.seedance.streams.serde;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.seedance.streams.schemas.NextVersions;
import io.seedance.streams.schemas.Samples;
import io.seedance.streams.schemas.VideoCompleted;
import io.seedance.streams.schemas.VideoRequest;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.generic.GenericRecordBuilder;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The serde against the in-memory registry: wire format, evolution, errors, configuration. */
class AvroSerdeTest {

    private static final String TOPIC = "video-requests";

    private final String scope = "serde-test-" + UUID.randomUUID();
    private final Map<String, Object> config = new HashMap<>(Map.of("schema.registry.url", "mock://" + scope));

    @AfterEach
    void dropScope() {
        InMemorySchemaRegistry.dropScope(scope);
    }

    @Test
    void shouldRoundTripASpecificRecord() {
        final VideoRequest request = Samples.request("r-1");

        final byte[] bytes = serde(VideoRequest.class).serializer().serialize(TOPIC, request);

        assertThat(serde(VideoRequest.class).deserializer().deserialize(TOPIC, bytes))
                .isEqualTo(request);
    }

    @Test
    void shouldWriteEveryRecordWholeAfterOneFailedHalfWay() {
        final Serializer<VideoRequest> serializer = serde(VideoRequest.class).serializer();
        final VideoRequest first = Samples.request("r-1");
        final VideoRequest broken = Samples.request("r-2");
        broken.setMetadata(null); // a required map: the writer fails after writing the fields before it
        final VideoRequest third = Samples.request("r-3");

        final byte[] before = serializer.serialize(TOPIC, first);
        assertThatThrownBy(() -> serializer.serialize(TOPIC, broken))
                .isInstanceOf(SerializationException.class)
                .hasMessageContaining(TOPIC);
        final byte[] after = serializer.serialize(TOPIC, third);

        final Deserializer<VideoRequest> deserializer =
                serde(VideoRequest.class).deserializer();
        assertThat(deserializer.deserialize(TOPIC, before)).isEqualTo(first);
        assertThat(deserializer.deserialize(TOPIC, after)).isEqualTo(third);
        assertThat(after).hasSameSizeAs(before);
    }

    @Test
    void shouldWriteTheConfluentWireFormat() {
        final byte[] bytes = serde(VideoRequest.class).serializer().serialize(TOPIC, Samples.request("r-1"));

        final int id = registry().idOf(TOPIC + "-value", VideoRequest.getClassSchema());
        assertThat(bytes[0]).isZero();
        assertThat(ByteBuffer.wrap(bytes, 1, 4).getInt()).isEqualTo(id);
        final GenericRecord generic =
                (GenericRecord) new AvroDeserializer<>(null, registry()).deserialize(TOPIC, bytes);
        assertThat(generic.get("request_id")).hasToString("r-1");
    }

    @Test
    void shouldUseTopicNameStrategyForKeysAndValues() {
        final AvroSerializer<VideoRequest> keySerializer = new AvroSerializer<>();
        keySerializer.configure(config, true);

        keySerializer.serialize("some-topic", Samples.request("r-1"));
        serde(VideoRequest.class).serializer().serialize("other-topic", Samples.request("r-2"));

        assertThat(registry().latest("some-topic-key").schema()).isEqualTo(VideoRequest.getClassSchema());
        assertThat(registry().latest("other-topic-value").schema()).isEqualTo(VideoRequest.getClassSchema());
    }

    @Test
    void shouldPassNullThroughAsNull() {
        assertThat(serde(VideoRequest.class).serializer().serialize(TOPIC, null))
                .isNull();
        assertThat(serde(VideoRequest.class).deserializer().deserialize(TOPIC, null))
                .isNull();
    }

    @Test
    void shouldRoundTripAGenericRecord() {
        final AvroSerde<GenericRecord> generic = AvroSerde.generic();
        generic.configure(config, false);
        final GenericRecord record = new GenericRecordBuilder(SchemaBuilder.record("Thing")
                        .fields()
                        .requiredString("name")
                        .optionalLong("size")
                        .endRecord())
                .set("name", "x")
                .set("size", 42L)
                .build();

        final GenericRecord back = generic.deserializer()
                .deserialize("things", generic.serializer().serialize("things", record));

        assertThat(back.get("name")).hasToString("x");
        assertThat(back.get("size")).isEqualTo(42L);
    }

    @Test
    void shouldReadARecordOfAnOlderWriterSchemaIntoTodaysClass() {
        // An older VideoRequest had no image_urls and no metadata: their defaults fill in.
        final Schema older = SchemaBuilder.record("VideoRequest")
                .namespace("io.seedance.streams.schemas")
                .fields()
                .requiredString("request_id")
                .requiredString("prompt")
                .endRecord();
        final GenericRecord old = new GenericRecordBuilder(older)
                .set("request_id", "r-old")
                .set("prompt", "waves")
                .build();
        final byte[] bytes = new AvroSerializer<GenericRecord>(registry(), false).serialize(TOPIC, old);

        final VideoRequest read = serde(VideoRequest.class).deserializer().deserialize(TOPIC, bytes);

        assertThat(read.getRequestId()).isEqualTo("r-old");
        assertThat(read.getPrompt()).isEqualTo("waves");
        assertThat(read.getImageUrls()).isEmpty();
        assertThat(read.getMetadata()).isEmpty();
        assertThat(read.getModel()).isNull();
    }

    @Test
    void shouldReadARecordOfANewerWriterSchemaIntoTodaysClass() {
        final Schema newer = NextVersions.withOptionalString(VideoRequest.getClassSchema(), "style");
        final GenericRecord record = new GenericData.Record(newer);
        final VideoRequest today = Samples.request("r-new");
        for (final Schema.Field field : VideoRequest.getClassSchema().getFields()) {
            final Object value = today.get(field.pos());
            // A GenericRecord holds logical types raw, as Confluent's generic serde does.
            record.put(field.name(), value instanceof Instant instant ? instant.toEpochMilli() : value);
        }
        record.put("style", "watercolour");
        final byte[] bytes = new AvroSerializer<GenericRecord>(registry(), false).serialize(TOPIC, record);

        assertThat(serde(VideoRequest.class).deserializer().deserialize(TOPIC, bytes))
                .isEqualTo(today);
    }

    @Test
    void shouldRejectAnIncompatibleSchemaWithTheTopicAndA409() {
        serde(VideoRequest.class).serializer().serialize(TOPIC, Samples.request("r-1"));
        final Schema incompatible = SchemaBuilder.record("VideoRequest")
                .namespace("io.seedance.streams.schemas")
                .fields()
                .requiredInt("request_id")
                .endRecord();
        final GenericRecord record =
                new GenericRecordBuilder(incompatible).set("request_id", 7).build();

        assertThatThrownBy(() -> new AvroSerializer<GenericRecord>(registry(), false).serialize(TOPIC, record))
                .isInstanceOf(SerializationException.class)
                .hasMessageContaining("topic 'video-requests'")
                .hasMessageContaining("409");
    }

    @Test
    void shouldFailOnAnUnknownMagicByteNamingTheTopic() {
        final byte[] bytes = serde(VideoRequest.class).serializer().serialize(TOPIC, Samples.request("r-1"));
        bytes[0] = 1;

        assertThatThrownBy(() -> serde(VideoRequest.class).deserializer().deserialize(TOPIC, bytes))
                .isInstanceOf(SerializationException.class)
                .hasMessageContaining("topic 'video-requests'")
                .hasMessageContaining("unknown magic byte 0x01");
    }

    @Test
    void shouldFailOnAPayloadTooShortForTheHeader() {
        assertThatThrownBy(() -> serde(VideoRequest.class).deserializer().deserialize(TOPIC, new byte[] {0, 0, 1}))
                .isInstanceOf(SerializationException.class)
                .hasMessageContaining("topic 'video-requests'")
                .hasMessageContaining("too short");
    }

    @Test
    void shouldFailOnAnUnknownSchemaId() {
        final byte[] bytes = {0, 0, 0, 0x30, 0x39, 2, 'x'};

        assertThatThrownBy(() -> serde(VideoRequest.class).deserializer().deserialize(TOPIC, bytes))
                .isInstanceOf(SerializationException.class)
                .hasMessageContaining("topic 'video-requests'")
                .hasMessageContaining("unknown schema id 12345");
    }

    @Test
    void shouldFailOnATruncatedBody() {
        final byte[] bytes = serde(VideoRequest.class).serializer().serialize(TOPIC, Samples.request("r-1"));
        final byte[] truncated = Arrays.copyOf(bytes, 12);

        assertThatThrownBy(() -> serde(VideoRequest.class).deserializer().deserialize(TOPIC, truncated))
                .isInstanceOf(SerializationException.class)
                .hasMessageContaining("topic 'video-requests'");
    }

    @Test
    void shouldRefuseAnUnregisteredSchemaWhenAutoRegisterIsOff() {
        config.put("auto.register.schemas", false);

        assertThatThrownBy(() -> serde(VideoRequest.class).serializer().serialize(TOPIC, Samples.request("r-1")))
                .isInstanceOf(SerializationException.class)
                .hasMessageContaining("topic 'video-requests'")
                .hasMessageContaining("404");

        registry().register(TOPIC + "-value", VideoRequest.getClassSchema());
        assertThat(serde(VideoRequest.class).serializer().serialize(TOPIC, Samples.request("r-1")))
                .isNotEmpty();
    }

    @Test
    void shouldWriteWithTheLatestSchemaWhenAsked() {
        final Schema newer = NextVersions.withOptionalString(VideoRequest.getClassSchema(), "style");
        registry().register(TOPIC + "-value", VideoRequest.getClassSchema());
        final int latestId = registry().register(TOPIC + "-value", newer);
        config.put("use.latest.version", true);
        config.put("auto.register.schemas", false);

        final byte[] bytes = serde(VideoRequest.class).serializer().serialize(TOPIC, Samples.request("r-1"));

        assertThat(ByteBuffer.wrap(bytes, 1, 4).getInt()).isEqualTo(latestId);
        final GenericRecord asLatest =
                (GenericRecord) new AvroDeserializer<>(null, registry()).deserialize(TOPIC, bytes);
        assertThat(asLatest.get("style")).isNull();
        assertThat(serde(VideoRequest.class).deserializer().deserialize(TOPIC, bytes))
                .isEqualTo(Samples.request("r-1"));
    }

    @Test
    void shouldReadIntoTheGeneratedClassWhenSpecificReaderIsOn() {
        final byte[] bytes =
                serde(VideoCompleted.class).serializer().serialize("video-completed", Samples.completed("r-1"));
        config.put("specific.avro.reader", true);
        final AvroDeserializer<Object> deserializer = new AvroDeserializer<>();
        deserializer.configure(config, false);

        assertThat(deserializer.deserialize("video-completed", bytes)).isEqualTo(Samples.completed("r-1"));
    }

    @Test
    void shouldAskTheRegistryOncePerSchema() {
        final CountingRegistry counting = new CountingRegistry(registry());
        final CachingSchemaRegistryClient cached = new CachingSchemaRegistryClient(counting);
        final AvroSerializer<VideoRequest> serializer = new AvroSerializer<>(cached, false);
        final AvroDeserializer<VideoRequest> deserializer = new AvroDeserializer<>(VideoRequest.class, cached);

        for (int i = 0; i < 100; i++) {
            deserializer.deserialize(TOPIC, serializer.serialize(TOPIC, Samples.request("r-" + i)));
        }

        assertThat(counting.calls).isEqualTo(1);
    }

    @Test
    void shouldShareOneClientPerRegistrySettings() {
        config.put("schema.registry.url", "http://localhost:1");
        final AvroSerdeConfig a = new AvroSerdeConfig(config);
        final AvroSerdeConfig b =
                new AvroSerdeConfig(Map.of("schema.registry.url", "http://localhost:1", "unrelated.setting", "x"));

        assertThat(SchemaRegistryClients.forConfig(a)).isSameAs(SchemaRegistryClients.forConfig(b));
    }

    @Test
    void shouldRejectBadConfigurationClearly() {
        assertThatThrownBy(() -> new AvroSerdeConfig(Map.of()))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("schema.registry.url");
        assertThatThrownBy(() -> new AvroSerdeConfig(
                        Map.of("schema.registry.url", "http://r:8081", "basic.auth.credentials.source", "USER_INFO")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("basic.auth.user.info");
        assertThatThrownBy(() -> new AvroSerdeConfig(Map.of(
                        "schema.registry.url", "http://r:8081", "basic.auth.credentials.source", "SASL_INHERIT")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("basic.auth.credentials.source");
        assertThatThrownBy(() -> new AvroSerdeConfig(Map.of(
                        "schema.registry.url",
                        "http://r:8081",
                        "value.subject.name.strategy",
                        "io.confluent.kafka.serializers.subject.RecordNameStrategy")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("TopicNameStrategy");
        assertThatThrownBy(() -> SchemaRegistryClients.forConfig(
                        new AvroSerdeConfig(Map.of("schema.registry.url", "ftp://r:8081"))))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("http(s)");
    }

    @Test
    void shouldNeverPrintTheUserInfoInAConfigError() {
        assertThatThrownBy(() -> new AvroSerdeConfig(Map.of(
                        "schema.registry.url",
                        "http://r:8081",
                        "basic.auth.credentials.source",
                        "USER_INFO",
                        "basic.auth.user.info",
                        "no-colon-secret")))
                .isInstanceOf(ConfigException.class)
                .hasMessageNotContaining("no-colon-secret");
    }

    private <T extends SpecificRecord> AvroSerde<T> serde(final Class<T> type) {
        final AvroSerde<T> serde = AvroSerde.specific(type);
        serde.configure(config, false);
        return serde;
    }

    private InMemorySchemaRegistry registry() {
        return InMemorySchemaRegistry.forScope(scope);
    }

    /** Counts the calls that reach the registry behind the cache. */
    private static final class CountingRegistry implements SchemaRegistryClient {
        private final SchemaRegistryClient delegate;
        private int calls;

        CountingRegistry(final SchemaRegistryClient delegate) {
            this.delegate = delegate;
        }

        @Override
        public int register(final String subject, final Schema schema) {
            calls++;
            return delegate.register(subject, schema);
        }

        @Override
        public int idOf(final String subject, final Schema schema) {
            calls++;
            return delegate.idOf(subject, schema);
        }

        @Override
        public RegisteredSchema latest(final String subject) {
            calls++;
            return delegate.latest(subject);
        }

        @Override
        public Schema byId(final int id) {
            calls++;
            return delegate.byId(id);
        }
    }
}
