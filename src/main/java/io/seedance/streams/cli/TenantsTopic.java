package io.seedance.streams.cli;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/** The tenants topic as the {@code tenants} command sees it: read whole, written one record at a time. */
final class TenantsTopic {

    private static final Duration PATIENCE = Duration.ofSeconds(30);

    private final ClusterOptions cluster;

    TenantsTopic(final ClusterOptions cluster) {
        this.cluster = cluster;
    }

    String name() {
        return cluster.tenantsTopic;
    }

    /** Every tenant's latest record (tombstones applied), by tenant. */
    Map<String, byte[]> readAll() {
        final Map<String, Object> config = cluster.clientConfig();
        config.put("key.deserializer", StringDeserializer.class.getName());
        config.put("value.deserializer", ByteArrayDeserializer.class.getName());
        config.put("enable.auto.commit", false);
        config.put("isolation.level", "read_committed");
        final Map<String, byte[]> latest = new TreeMap<>();
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(config)) {
            final List<TopicPartition> partitions = consumer.partitionsFor(name(), PATIENCE).stream()
                    .map(info -> new TopicPartition(info.topic(), info.partition()))
                    .toList();
            if (partitions.isEmpty()) {
                throw new KafkaException("the tenants topic " + name()
                        + " does not exist: start the service once (it creates it, compacted), or create it");
            }
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            final Map<TopicPartition, Long> end = consumer.endOffsets(partitions, PATIENCE);
            final long deadline = System.nanoTime() + PATIENCE.toNanos();
            while (partitions.stream().anyMatch(p -> consumer.position(p, PATIENCE) < end.get(p))) {
                if (System.nanoTime() > deadline) {
                    throw new KafkaException("could not read the tenants topic " + name() + " to its end in "
                            + PATIENCE.toSeconds() + " s");
                }
                for (final ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                    if (record.key() == null) {
                        continue;
                    }
                    if (record.value() == null) {
                        latest.remove(record.key());
                    } else {
                        latest.put(record.key(), record.value());
                    }
                }
            }
        }
        return latest;
    }

    /** Writes {@code tenant}'s record ({@code null}: a tombstone) and waits for the cluster to have it. */
    void write(final String tenant, final byte[] record) throws InterruptedException {
        final Map<String, Object> config = cluster.clientConfig();
        config.put("key.serializer", StringSerializer.class.getName());
        config.put("value.serializer", ByteArraySerializer.class.getName());
        config.put("enable.idempotence", true);
        config.put("max.block.ms", (int) PATIENCE.toMillis());
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(config)) {
            producer.send(new ProducerRecord<>(name(), tenant, record)).get(60, TimeUnit.SECONDS);
        } catch (final ExecutionException | TimeoutException e) {
            throw new KafkaException(e.getCause() != null ? e.getCause().getMessage() : e.getMessage(), e);
        }
    }
}
