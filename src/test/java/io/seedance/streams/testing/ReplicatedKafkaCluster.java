package io.seedance.streams.testing;

import java.util.Map;
import java.util.Set;
import org.apache.kafka.common.test.KafkaClusterTestKit;

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
        final String replicas = String.valueOf(BROKERS);
        try {
            return new ReplicatedKafkaCluster(KafkaCluster.startKit(
                    false,
                    BROKERS,
                    Map.of(
                            "default.replication.factor", replicas,
                            "min.insync.replicas", "2",
                            "offsets.topic.replication.factor", replicas,
                            "transaction.state.log.replication.factor", replicas,
                            "transaction.state.log.min.isr", "2")));
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
    public Set<Integer> brokerIds() {
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
