package io.seedance.streams.testing;

import io.seedance.streams.topology.Topics;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.awaitility.Awaitility;

/** A real Kafka broker the tests talk to: in this JVM ({@link KafkaCluster}) or in a container. */
public interface KafkaBroker {

    String bootstrapServers();

    /** Replicas of the topics tests create: one, unless the cluster has more brokers. */
    default short replicationFactor() {
        return 1;
    }

    /**
     * Creates a service's topics named {@code <role>-<suffix>}: the tenants topic with one partition,
     * the others with {@code partitions}.
     */
    default Topics createServiceTopics(final String suffix, final int partitions) {
        final Topics topics = RunEnvironment.topics(suffix);
        createTopics(
                partitions,
                topics.requests(),
                topics.completed(),
                topics.failed(),
                topics.deadLetters(),
                topics.callbacks(),
                topics.cancellations(),
                topics.budgetClaims(),
                topics.budgetDecisions(),
                topics.alerts());
        createTopics(1, topics.tenants());
        return topics;
    }

    /** Creates topics with the given number of partitions and {@link #replicationFactor()} replicas, and waits for them. */
    default void createTopics(final int partitions, final String... names) {
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrapServers()))) {
            admin.createTopics(Arrays.stream(names)
                            .map(name -> new NewTopic(name, partitions, replicationFactor()))
                            .toList())
                    .all()
                    .get();
            // A broker can answer for a topic a moment after creating it; a global store's
            // consumer fails at once on a topic without partitions, so wait until it is described.
            Awaitility.await()
                    .atMost(Duration.ofSeconds(30))
                    .ignoreExceptions()
                    .until(() -> admin.describeTopics(Arrays.asList(names))
                                    .allTopicNames()
                                    .get()
                                    .size()
                            == names.length);
        } catch (final Exception e) {
            throw new IllegalStateException("Could not create topics " + String.join(", ", names), e);
        }
    }
}
