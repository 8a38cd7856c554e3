package io.seedance.streams.testing;

import java.util.Arrays;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;

/** A real Kafka broker the tests talk to: in this JVM ({@link KafkaCluster}) or in a container. */
public interface KafkaBroker {

    String bootstrapServers();

    /** Creates topics with the given number of partitions and one replica, and waits for them. */
    default void createTopics(final int partitions, final String... names) {
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrapServers()))) {
            admin.createTopics(Arrays.stream(names)
                            .map(name -> new NewTopic(name, partitions, (short) 1))
                            .toList())
                    .all()
                    .get();
        } catch (final Exception e) {
            throw new IllegalStateException("Could not create topics " + String.join(", ", names), e);
        }
    }
}
