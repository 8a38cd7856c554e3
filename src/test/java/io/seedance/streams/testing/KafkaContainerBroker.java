package io.seedance.streams.testing;

import org.testcontainers.kafka.KafkaContainer;
import org.testcontainers.utility.DockerImageName;

/**
 * A Kafka broker in a Docker container, started by Testcontainers. The image is
 * {@code apache/kafka} unless {@code SEEDANCE_TEST_KAFKA_IMAGE} names a compatible one (CI builds
 * its own from Kafka's jars, since no image registry is reachable there).
 */
public final class KafkaContainerBroker implements KafkaBroker, AutoCloseable {

    public static final String DEFAULT_IMAGE = "apache/kafka:4.1.1";

    private final KafkaContainer container;

    private KafkaContainerBroker(final KafkaContainer container) {
        this.container = container;
    }

    public static KafkaContainerBroker start() {
        final DockerImageName image = DockerImageName.parse(image()).asCompatibleSubstituteFor("apache/kafka");
        final KafkaContainer container = new KafkaContainer(image);
        container.start();
        return new KafkaContainerBroker(container);
    }

    public static String image() {
        final String configured = System.getenv("SEEDANCE_TEST_KAFKA_IMAGE");
        return configured == null || configured.isBlank() ? DEFAULT_IMAGE : configured;
    }

    @Override
    public String bootstrapServers() {
        return container.getBootstrapServers();
    }

    @Override
    public void close() {
        container.stop();
    }
}
