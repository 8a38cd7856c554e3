package io.seedance.streams.testing;

import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.apache.kafka.common.test.TestKitNodes;
import org.apache.kafka.server.common.MetadataVersion;

/**
 * A real single-node Kafka cluster (KRaft, broker and controller combined) in this JVM, from
 * Kafka's own test kit. Configured for one node: internal topics with one replica, transactions
 * that need only one in-sync replica (exactly-once would otherwise hang), no rebalance delay.
 */
public final class KafkaCluster implements KafkaBroker, AutoCloseable {

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

    @Override
    public String bootstrapServers() {
        return kit.bootstrapServers();
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
