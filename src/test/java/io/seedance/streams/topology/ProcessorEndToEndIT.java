package io.seedance.streams.topology;

import io.seedance.streams.testing.ApicurioRegistry;
import io.seedance.streams.testing.KafkaCluster;

/** The processor's end-to-end scenarios on Kafka's in-JVM KRaft broker: the fast, everyday run. */
class ProcessorEndToEndIT extends ProcessorEndToEndScenarios {

    ProcessorEndToEndIT(final KafkaCluster kafka, final ApicurioRegistry registry) {
        super(kafka, registry);
    }
}
