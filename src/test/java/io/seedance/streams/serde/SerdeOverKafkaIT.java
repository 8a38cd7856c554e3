package io.seedance.streams.serde;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.seedance.streams.schemas.Samples;
import io.seedance.streams.schemas.VideoRequest;
import io.seedance.streams.testing.ApicurioRegistry;
import io.seedance.streams.testing.KafkaCluster;
import io.seedance.streams.testing.RegistryProxy;
import io.seedance.streams.testing.SharedServices;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.generic.GenericRecordBuilder;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The serde with real parts: an in-JVM KRaft broker and Apicurio Registry (Confluent API, BACKWARD
 * compatibility) over real HTTP.
 */
@ExtendWith(SharedServices.class)
@Timeout(120)
class SerdeOverKafkaIT {

    private static final String USER = "svc-seedance";
    private static final String PASSWORD = "registry-pa55word";

    private final KafkaCluster kafka;
    private final ApicurioRegistry registry;
    private String topic;

    SerdeOverKafkaIT(final KafkaCluster kafka, final ApicurioRegistry registry) {
        this.kafka = kafka;
        this.registry = registry;
    }

    @BeforeEach
    void freshTopic() {
        topic = "serde-it-" + UUID.randomUUID();
        kafka.createTopics(1, topic);
    }

    @Test
    void shouldRoundTripThroughATopicWithSerdesConfiguredByClassName() {
        final List<VideoRequest> sent = List.of(Samples.request("r-1"), Samples.request("r-2"));
        produce(Map.of("schema.registry.url", registry.url()), sent);

        final List<Object> received =
                consume(Map.of("schema.registry.url", registry.url(), "specific.avro.reader", "true"), sent.size());

        assertThat(received).containsExactlyElementsOf(sent);
    }

    @Test
    void shouldReadWhatAnOlderWriterSchemaWroteIntoTodaysClass() {
        final Schema older = SchemaBuilder.record("VideoRequest")
                .namespace("io.seedance.streams.schemas")
                .fields()
                .requiredString("request_id")
                .requiredString("prompt")
                .endRecord();
        produce(
                Map.of("schema.registry.url", registry.url()),
                List.of(new GenericRecordBuilder(older)
                        .set("request_id", "r-old")
                        .set("prompt", "waves")
                        .build()));
        // Today's schema registers as a BACKWARD compatible next version of the same subject.
        produce(Map.of("schema.registry.url", registry.url()), List.of(Samples.request("r-new")));

        final AvroDeserializer<VideoRequest> deserializer = new AvroDeserializer<>(VideoRequest.class);
        deserializer.configure(Map.of("schema.registry.url", registry.url()), false);
        final List<VideoRequest> read = consumeRaw(2).stream()
                .map(bytes -> deserializer.deserialize(topic, bytes))
                .toList();

        assertThat(read.get(0).getRequestId()).isEqualTo("r-old");
        assertThat(read.get(0).getImageUrls()).isEmpty();
        assertThat(read.get(0).getMetadata()).isEmpty();
        assertThat(read.get(1)).isEqualTo(Samples.request("r-new"));
    }

    @Test
    void shouldFailWith409OnAnIncompatibleChange() {
        produce(Map.of("schema.registry.url", registry.url()), List.of(Samples.request("r-1")));
        final Schema incompatible = SchemaBuilder.record("VideoRequest")
                .namespace("io.seedance.streams.schemas")
                .fields()
                .requiredInt("request_id")
                .endRecord();
        final AvroSerializer<GenericRecord> serializer = new AvroSerializer<>();
        serializer.configure(Map.of("schema.registry.url", registry.url()), false);

        assertThatThrownBy(() -> serializer.serialize(
                        topic,
                        new GenericRecordBuilder(incompatible)
                                .set("request_id", 1)
                                .build()))
                .isInstanceOf(SerializationException.class)
                .hasMessageContaining("topic '" + topic + "'")
                .hasMessageContaining("HTTP 409");
    }

    @Test
    void shouldAuthenticateWithBasicAuth() throws Exception {
        try (RegistryProxy proxy = new RegistryProxy(registry.url(), USER, PASSWORD)) {
            final Map<String, Object> config = Map.of(
                    "schema.registry.url",
                    proxy.url(),
                    "basic.auth.credentials.source",
                    "USER_INFO",
                    "basic.auth.user.info",
                    USER + ":" + PASSWORD);
            produce(config, List.of(Samples.request("r-auth")));

            final Map<String, Object> readConfig = new HashMap<>(config);
            readConfig.put("specific.avro.reader", "true");
            assertThat(consume(readConfig, 1)).containsExactly(Samples.request("r-auth"));
        }
    }

    @Test
    void shouldReportWrongCredentialsWithoutRevealingThem() throws Exception {
        try (RegistryProxy proxy = new RegistryProxy(registry.url(), USER, PASSWORD)) {
            final AvroSerializer<VideoRequest> serializer = new AvroSerializer<>();
            serializer.configure(
                    Map.of(
                            "schema.registry.url",
                            proxy.url(),
                            "basic.auth.credentials.source",
                            "USER_INFO",
                            "basic.auth.user.info",
                            USER + ":wrong-secret-123"),
                    false);

            assertThatThrownBy(() -> serializer.serialize(topic, Samples.request("r-1")))
                    .isInstanceOf(SerializationException.class)
                    .hasMessageContaining("topic '" + topic + "'")
                    .hasMessageContaining("rejected the credentials")
                    .hasMessageContaining("HTTP 401")
                    .hasMessageNotContaining("wrong-secret-123")
                    .hasStackTraceContaining("401");
        }
    }

    @Test
    void shouldReportARegistryThatIsDown() throws Exception {
        final int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        final AvroSerializer<VideoRequest> serializer = new AvroSerializer<>();
        serializer.configure(
                Map.of(
                        "schema.registry.url",
                        "http://" + USER + ":" + PASSWORD + "@127.0.0.1:" + closedPort,
                        "schema.registry.http.connect.timeout.ms",
                        "2000"),
                false);

        assertThatThrownBy(() -> serializer.serialize(topic, Samples.request("r-1")))
                .isInstanceOf(SerializationException.class)
                .hasMessageContaining("topic '" + topic + "'")
                .hasMessageContaining("unreachable")
                .hasMessageNotContaining(PASSWORD);
    }

    private void produce(final Map<String, Object> serdeConfig, final List<?> values) {
        final Map<String, Object> config = new HashMap<>(serdeConfig);
        config.put("bootstrap.servers", kafka.bootstrapServers());
        config.put("key.serializer", StringSerializer.class.getName());
        config.put("value.serializer", AvroSerializer.class.getName());
        try (KafkaProducer<String, Object> producer = new KafkaProducer<>(config)) {
            for (final Object value : values) {
                producer.send(new ProducerRecord<>(topic, "k", value));
            }
            producer.flush();
        }
    }

    private List<Object> consume(final Map<String, Object> serdeConfig, final int count) {
        final Map<String, Object> config = consumerConfig();
        config.putAll(serdeConfig);
        config.put("value.deserializer", AvroDeserializer.class.getName());
        return poll(new KafkaConsumer<>(config), count);
    }

    private List<byte[]> consumeRaw(final int count) {
        final Map<String, Object> config = consumerConfig();
        config.put("value.deserializer", ByteArrayDeserializer.class.getName());
        return poll(new KafkaConsumer<>(config), count);
    }

    private Map<String, Object> consumerConfig() {
        final Map<String, Object> config = new HashMap<>();
        config.put("bootstrap.servers", kafka.bootstrapServers());
        config.put("group.id", "serde-it-" + UUID.randomUUID());
        config.put("auto.offset.reset", "earliest");
        config.put("key.deserializer", StringDeserializer.class.getName());
        return config;
    }

    private <V> List<V> poll(final KafkaConsumer<String, V> consumer, final int count) {
        final List<V> values = new ArrayList<>();
        try (consumer) {
            consumer.subscribe(List.of(topic));
            await().atMost(Duration.ofSeconds(60)).until(() -> {
                consumer.poll(Duration.ofMillis(200)).forEach(record -> values.add(record.value()));
                return values.size() >= count;
            });
        }
        return values;
    }
}
