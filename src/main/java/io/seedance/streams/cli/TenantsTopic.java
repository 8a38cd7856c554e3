package io.seedance.streams.cli;

import io.seedance.streams.topology.SeedanceTopology;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/** The tenants topic as the {@code tenants} command sees it: read whole, written one record at a time. */
final class TenantsTopic {

    private static final Duration PATIENCE = CompactedTopic.PATIENCE;

    private final ClusterOptions cluster;

    TenantsTopic(final ClusterOptions cluster) {
        this.cluster = cluster;
    }

    String name() {
        return cluster.tenantsTopic;
    }

    /** Every tenant's latest record (tombstones applied), by tenant. */
    Map<String, byte[]> readAll() {
        final Map<String, byte[]> latest = CompactedTopic.read(cluster, name());
        if (latest == null) {
            throw new KafkaException("the tenants topic " + name()
                    + " does not exist: start the service once (it creates it, compacted), or create it");
        }
        return latest;
    }

    /**
     * Every budgeted tenant's ledger as the service last committed it, from its store's changelog;
     * empty when the service has kept none yet.
     */
    Map<String, byte[]> ledgers() {
        final Map<String, byte[]> ledgers = CompactedTopic.read(
                cluster, cluster.applicationId + "-" + SeedanceTopology.LEDGER_STORE + "-changelog");
        return ledgers == null ? Map.of() : ledgers;
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
