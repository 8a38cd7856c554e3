package io.seedance.streams.testing;

import java.util.Map;
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
            return new KafkaCluster(startKit(
                    true,
                    1,
                    Map.of(
                            "offsets.topic.replication.factor", "1",
                            "transaction.state.log.replication.factor", "1",
                            "transaction.state.log.min.isr", "1",
                            // Let a streams group (KIP-1071) be configured with the session timeout
                            // and heartbeat the operations guide recommends; Kafka's minimums are 45 s and 5 s.
                            "group.streams.min.session.timeout.ms", "1000",
                            "group.streams.min.heartbeat.interval.ms", "500")));
        } catch (final Exception e) {
            throw new IllegalStateException("Could not start the in-JVM Kafka cluster", e);
        }
    }

    /**
     * Formats and starts a test-kit cluster of {@code brokers} brokers and one controller (in one
     * node when {@code combined}) at the production metadata version, with {@code settings} on top
     * of what every test cluster has (no rebalance delay, no topics created by accident), and waits
     * until its brokers are ready.
     */
    static KafkaClusterTestKit startKit(final boolean combined, final int brokers, final Map<String, String> settings)
            throws Exception {
        final KafkaClusterTestKit.Builder builder = new KafkaClusterTestKit.Builder(new TestKitNodes.Builder()
                        .setCombined(combined)
                        .setNumBrokerNodes(brokers)
                        .setNumControllerNodes(1)
                        .setBootstrapMetadataVersion(MetadataVersion.latestProduction())
                        .build())
                .setConfigProp("group.initial.rebalance.delay.ms", "0")
                .setConfigProp("auto.create.topics.enable", "false");
        settings.forEach(builder::setConfigProp);
        final KafkaClusterTestKit kit = builder.build();
        kit.format();
        kit.startup();
        kit.waitForReadyBrokers();
        return kit;
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
