package io.seedance.streams.topology;

import io.seedance.streams.testing.ApicurioRegistry;
import io.seedance.streams.testing.KafkaContainerBroker;
import io.seedance.streams.testing.RequiresDocker;

/**
 * The same end-to-end scenarios against a broker in a Testcontainers {@code KafkaContainer}: a
 * separate process behind Docker's networking and port mapping, as most users' own tests run it.
 */
@RequiresDocker
class ProcessorEndToEndContainerIT extends ProcessorEndToEndScenarios {

    ProcessorEndToEndContainerIT(final KafkaContainerBroker kafka, final ApicurioRegistry registry) {
        super(kafka, registry);
    }
}
