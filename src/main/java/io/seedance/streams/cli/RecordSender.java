package io.seedance.streams.cli;

import io.seedance.streams.serde.AvroSerializer;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.serialization.StringSerializer;
import picocli.CommandLine.Model.CommandSpec;

/** Produces one Avro record for a command ({@code submit}, {@code cancel}) and reports a failure in one line. */
final class RecordSender {

    private RecordSender() {}

    /**
     * Sends {@code value} keyed {@code key} to {@code topic} and waits for the broker's answer.
     *
     * @return {@link Main#EXIT_OK}, or 1 after printing why the record could not be produced
     */
    static int send(
            final CommandSpec spec,
            final ClusterOptions cluster,
            final String topic,
            final String key,
            final SpecificRecord value) {
        final Map<String, Object> config = cluster.clientConfig();
        config.put("key.serializer", StringSerializer.class.getName());
        config.put("value.serializer", AvroSerializer.class.getName());
        config.put("enable.idempotence", true);
        config.put("max.block.ms", 30_000);
        try (KafkaProducer<String, SpecificRecord> producer = new KafkaProducer<>(config)) {
            producer.send(new ProducerRecord<>(topic, key, value)).get(60, TimeUnit.SECONDS);
        } catch (final ExecutionException | TimeoutException | KafkaException e) {
            spec.commandLine()
                    .getErr()
                    .println("seedance-streams " + spec.name() + ": could not produce to " + topic + ": "
                            + (e.getCause() != null ? e.getCause().getMessage() : e.getMessage()));
            return 1;
        } catch (final InterruptedException e) {
            Thread.currentThread().interrupt();
            return 1;
        }
        return Main.EXIT_OK;
    }
}
