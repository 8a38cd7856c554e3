package io.seedance.streams.testing;

import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.apache.kafka.common.test.TestKitNodes;
import org.apache.kafka.server.common.MetadataVersion;

/**
 * A real single-node Kafka cluster (KRaft, broker and controller combined) in this JVM, from
 * Kafka's own test kit. Configured for one node: internal topics with one replica, transactions
 * that need only one in-sync replica (exactly-once would otherwise hang), no rebalance delay.
 */
public final class KafkaCluster implements AutoCloseable {

    private final KafkaClusterTestKit kit;

    private KafkaCluster(final KafkaClusterTestKit kit) {
        this.kit = kit;
    }

    public static KafkaCluster start() {
        try {
            final KafkaClusterTestKit kit = new KafkaClusterTestKit.Builder(new TestKitNodes.Builder()
                    .setCombined(true)
                    .setNumBrokerNodes(1)
                    .setNumControllerNodes(1)
                    .setBootstrapMetadataVersion(MetadataVersion.latestProduction())
                    .build())
                    .setConfigProp("offsets.topic.replication.factor", "1")
                    .setConfigProp("transaction.state.log.replication.factor", "1")
                    .setConfigProp("transaction.state.log.min.isr", "1")
                    .setConfigProp("group.initial.rebalance.delay.ms", "0")
                    .setConfigProp("auto.create.topics.enable", "false")
                    .build();
            kit.format();
            kit.startup();
            kit.waitForReadyBrokers();
            return new KafkaCluster(kit);
        } catch (final Exception e) {
            throw new IllegalStateException("Could not start the in-JVM Kafka cluster", e);
        }
    }

    public String bootstrapServers() {
        return kit.bootstrapServers();
    }

    /** Creates topics with the given number of partitions and one replica, and waits for them. */
    public void createTopics(final int partitions, final String... names) {
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrapServers()))) {
            admin.createTopics(java.util.Arrays.stream(names)
                    .map(name -> new NewTopic(name, partitions, (short) 1)).toList()).all().get();
        } catch (final Exception e) {
            throw new IllegalStateException("Could not create topics " + String.join(", ", names), e);
        }
    }

    @Override
    public void close() {
        try {
            kit.close();
        } catch (final Exception e) {
            throw new IllegalStateException("Could not stop the in-JVM Kafka cluster", e);
        }
    }
}
