package io.seedance.streams.testing;

import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.apache.kafka.common.test.TestKitNodes;
import org.apache.kafka.server.common.MetadataVersion;

/**
 * Three real brokers and one controller (KRaft) in this JVM, from Kafka's own test kit, set up as
 * a production cluster is: every topic, the offsets and the transaction log at replication factor
 * 3 with {@code min.insync.replicas=2}, so one broker may be down and nothing stops or is lost.
 */
public final class ReplicatedKafkaCluster implements KafkaBroker, AutoCloseable {

    public static final int BROKERS = 3;

    private final KafkaClusterTestKit kit;

    private ReplicatedKafkaCluster(final KafkaClusterTestKit kit) {
        this.kit = kit;
    }

    public static ReplicatedKafkaCluster start() {
        try {
            final KafkaClusterTestKit kit = new KafkaClusterTestKit.Builder(new TestKitNodes.Builder()
                            .setCombined(false)
                            .setNumBrokerNodes(BROKERS)
                            .setNumControllerNodes(1)
                            .setBootstrapMetadataVersion(MetadataVersion.latestProduction())
                            .build())
                    .setConfigProp("default.replication.factor", String.valueOf(BROKERS))
                    .setConfigProp("min.insync.replicas", "2")
                    .setConfigProp("offsets.topic.replication.factor", String.valueOf(BROKERS))
                    .setConfigProp("transaction.state.log.replication.factor", String.valueOf(BROKERS))
                    .setConfigProp("transaction.state.log.min.isr", "2")
                    .setConfigProp("group.initial.rebalance.delay.ms", "0")
                    .setConfigProp("auto.create.topics.enable", "false")
                    .build();
            kit.format();
            kit.startup();
            kit.waitForReadyBrokers();
            return new ReplicatedKafkaCluster(kit);
        } catch (final Exception e) {
            throw new IllegalStateException("Could not start the in-JVM replicated Kafka cluster", e);
        }
    }

    @Override
    public String bootstrapServers() {
        return kit.bootstrapServers();
    }

    @Override
    public short replicationFactor() {
        return BROKERS;
    }

    /** The ids of the brokers. */
    public java.util.Set<Integer> brokerIds() {
        return kit.brokers().keySet();
    }

    /** Stops one broker (its clients see it go; its replicas fall out of sync). */
    public void stopBroker(final int id) {
        kit.brokers().get(id).shutdown();
        kit.brokers().get(id).awaitShutdown();
    }

    /** Starts a stopped broker again on its own data. */
    public void startBroker(final int id) {
        kit.brokers().get(id).startup();
    }

    @Override
    public void close() {
        try {
            kit.close();
        } catch (final Exception e) {
            throw new IllegalStateException("Could not stop the in-JVM replicated Kafka cluster", e);
        }
    }
}
