package io.seedance.streams.ops;

import static org.assertj.core.api.Assertions.assertThat;

import io.seedance.streams.topology.CallbackSigner;
import io.seedance.streams.topology.ProcessorMetrics;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class CallbackReceiverTest {

    private final MockProducer<String, byte[]> producer =
            new MockProducer<>(false, null, new StringSerializer(), new ByteArraySerializer());
    private final CallbackReceiver receiver = new CallbackReceiver(
            new CallbackSigner(URI.create("http://hooks.test"), "a-secret-of-sixteen+", Optional.empty()),
            "callbacks",
            1_024,
            new ProcessorMetrics(),
            producer);

    @AfterEach
    void clearInterrupt() {
        Thread.interrupted();
    }

    @Test
    void shouldKeepTheInterruptWhenInterruptedWhileWaitingForKafka() {
        Thread.currentThread().interrupt();

        final boolean recorded = receiver.record("r-1", "{}".getBytes(StandardCharsets.UTF_8));

        assertThat(recorded).isFalse();
        assertThat(Thread.currentThread().isInterrupted())
                .as("the interrupt is restored")
                .isTrue();
    }

    @Test
    void shouldRecordTheSignalOnceKafkaAcknowledgesIt() throws Exception {
        final Thread acknowledger = new Thread(() -> {
            while (!producer.completeNext()) {
                Thread.onSpinWait();
            }
        });
        acknowledger.start();

        assertThat(receiver.record("r-2", new byte[0])).isTrue();
        acknowledger.join();
        assertThat(producer.history()).singleElement().satisfies(sent -> {
            assertThat(sent.topic()).isEqualTo("callbacks");
            assertThat(sent.key()).isEqualTo("r-2");
        });
    }
}
