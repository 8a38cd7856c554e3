package io.seedance.streams.testing;

import static org.awaitility.Awaitility.await;

import io.seedance.streams.serde.AvroDeserializer;
import io.seedance.streams.serde.AvroSerializer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/** Kafka clients as the service's producers use them: String keys, Avro values in the Confluent format. */
public final class Clients {

    private Clients() {}

    /**
     * A subscriber's consumer configuration: from the earliest offset, committed results only
     * ({@code read_committed}), values decoded into the generated classes.
     */
    public static Map<String, Object> resultConsumerConfig(final String bootstrapServers, final String registryUrl) {
        final Map<String, Object> config = new HashMap<>();
        config.put("bootstrap.servers", bootstrapServers);
        config.put("group.id", "results-" + UUID.randomUUID());
        config.put("auto.offset.reset", "earliest");
        config.put("isolation.level", "read_committed");
        config.put("key.deserializer", StringDeserializer.class.getName());
        config.put("value.deserializer", AvroDeserializer.class.getName());
        config.put("schema.registry.url", registryUrl);
        config.put("specific.avro.reader", "true");
        return config;
    }

    /** A producer of Avro records (generated or generic), keyed by request_id. */
    public static <V> KafkaProducer<String, V> avroProducer(final String bootstrapServers, final String registryUrl) {
        return new KafkaProducer<>(Map.of(
                "bootstrap.servers",
                bootstrapServers,
                "key.serializer",
                StringSerializer.class.getName(),
                "value.serializer",
                AvroSerializer.class.getName(),
                "schema.registry.url",
                registryUrl));
    }

    /** Reads {@code count} results from {@code topics} (from the beginning), waiting up to two minutes. */
    public static List<SpecificRecord> consume(
            final KafkaCluster kafka, final ApicurioRegistry registry, final List<String> topics, final int count) {
        final Map<String, Object> config = resultConsumerConfig(kafka.bootstrapServers(), registry.url());
        final List<SpecificRecord> values = new ArrayList<>();
        try (KafkaConsumer<String, SpecificRecord> consumer = new KafkaConsumer<>(config)) {
            consumer.subscribe(topics);
            await().atMost(Duration.ofSeconds(120)).until(() -> {
                consumer.poll(Duration.ofMillis(200)).forEach(record -> values.add(record.value()));
                return values.size() >= count;
            });
        }
        return values;
    }
}
