package io.seedance.streams.service;

import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import io.seedance.streams.testing.RunEnvironment;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CallbackTopicHandoverTest {

    @Test
    void shouldNotHoldTheStreamThreadWhileKafkaIsOutOfReach() {
        // Nobody listens there: the producer's first send waits for metadata up to max.block.ms.
        final String unreachable = "127.0.0.1:" + RunEnvironment.freePort();
        final CallbackTopicHandover handover = new CallbackTopicHandover(
                "callbacks", unreachable, Map.of("max.block.ms", "60000"), Duration.ofMillis(500));

        // A partition closing in a rebalance asks for two handovers on its stream thread.
        assertTimeoutPreemptively(Duration.ofSeconds(5), () -> {
            handover.accepted("request-1", "task-1");
            handover.accepted("request-2", "task-2");
        });
        // Stopping gives up on what it could not send within its bound, not after max.block.ms.
        assertTimeoutPreemptively(Duration.ofSeconds(10), handover::close);
    }
}
