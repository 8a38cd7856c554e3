package io.seedance.streams.service;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.seedance.streams.topology.SubmissionHandover;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hands a late submission's task id to the partition's new owner through the callbacks topic:
 * {@code {"task_id": ...}} keyed by the request id, the signal a webhook gives, which the new
 * owner's task adopts while it is SUBMITTING (so it is never submitted again). The producer is made
 * at the first handover: most instances never need one.
 */
public final class CallbackTopicHandover implements SubmissionHandover, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(CallbackTopicHandover.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final String topic;
    private final Map<String, Object> producerConfig;
    private Producer<String, byte[]> producer;
    private boolean closed;

    CallbackTopicHandover(final String topic, final String bootstrapServers, final Map<String, Object> kafkaSettings) {
        this.topic = topic;
        this.producerConfig = producerConfig(bootstrapServers, kafkaSettings);
    }

    @Override
    public void accepted(final String requestId, final String taskId) {
        final Producer<String, byte[]> to = producer();
        if (to == null) {
            return;
        }
        final byte[] signal =
                JSON.createObjectNode().put("task_id", taskId).toString().getBytes(StandardCharsets.UTF_8);
        to.send(new ProducerRecord<>(topic, requestId, signal), (metadata, error) -> {
            if (error == null) {
                LOG.info(
                        "Request request_id={} was accepted as task_id={} after its partition moved; handed to its"
                                + " new owner through {}",
                        requestId,
                        taskId,
                        topic);
            } else {
                LOG.warn(
                        "Request request_id={} was accepted as task_id={} after its partition moved, and could not"
                                + " be handed over ({}): its new owner will submit it again",
                        requestId,
                        taskId,
                        error.getMessage());
            }
        });
    }

    private synchronized Producer<String, byte[]> producer() {
        if (producer == null && !closed) {
            producer = new KafkaProducer<>(producerConfig);
        }
        return producer;
    }

    @Override
    public synchronized void close() {
        closed = true;
        if (producer != null) {
            producer.close();
        }
    }

    /** Idempotent, fully acknowledged writes of signals to a topic, with the service's Kafka settings. */
    public static Map<String, Object> producerConfig(
            final String bootstrapServers, final Map<String, Object> kafkaSettings) {
        final Map<String, Object> config = new HashMap<>(kafkaSettings);
        config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        config.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        config.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        config.keySet().retainAll(ProducerConfig.configNames());
        return config;
    }
}
