package io.seedance.streams.cli;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/** A table kept in a topic (the tenants topic, a store's changelog): each key's latest value, read to the end. */
final class CompactedTopic {

    static final Duration PATIENCE = Duration.ofSeconds(30);

    private CompactedTopic() {}

    /**
     * Every key's latest committed value, tombstones applied; null when the topic does not exist.
     * A cluster that does not answer is a {@link KafkaException} naming the topic.
     */
    static Map<String, byte[]> read(final ClusterOptions cluster, final String topic) {
        final Map<String, Object> config = cluster.clientConfig();
        config.put("key.deserializer", StringDeserializer.class.getName());
        config.put("value.deserializer", ByteArrayDeserializer.class.getName());
        config.put("enable.auto.commit", false);
        config.put("isolation.level", "read_committed");
        final Map<String, byte[]> latest = new TreeMap<>();
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(config)) {
            final List<TopicPartition> partitions = consumer.partitionsFor(topic, PATIENCE).stream()
                    .map(info -> new TopicPartition(info.topic(), info.partition()))
                    .toList();
            if (partitions.isEmpty()) {
                return null;
            }
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            final Map<TopicPartition, Long> end = consumer.endOffsets(partitions, PATIENCE);
            final long deadline = System.nanoTime() + PATIENCE.toNanos();
            while (partitions.stream().anyMatch(p -> consumer.position(p, PATIENCE) < end.get(p))) {
                if (System.nanoTime() > deadline) {
                    throw new KafkaException(
                            "could not read the topic " + topic + " to its end in " + PATIENCE.toSeconds() + " s");
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
}
