package io.seedance.streams.service;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.seedance.streams.topology.SubmissionHandover;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
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
 *
 * <p>A handover is asked for on a stream thread while its partition closes, in a rebalance. Making
 * the producer and its first send fetch metadata over the network (up to {@code max.block.ms}), so
 * both run on a thread of their own and the stream thread only queues the signal.
 */
public final class CallbackTopicHandover implements SubmissionHandover, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(CallbackTopicHandover.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(10);

    private final String topic;
    private final Map<String, Object> producerConfig;
    private final Duration closeTimeout;
    private final ExecutorService sender = Executors.newSingleThreadExecutor(runnable -> {
        final Thread thread = new Thread(runnable, "submission-handover");
        thread.setDaemon(true);
        return thread;
    });
    private Producer<String, byte[]> producer;
    private boolean closed;

    CallbackTopicHandover(final String topic, final String bootstrapServers, final Map<String, Object> kafkaSettings) {
        this(topic, bootstrapServers, kafkaSettings, CLOSE_TIMEOUT);
    }

    CallbackTopicHandover(
            final String topic,
            final String bootstrapServers,
            final Map<String, Object> kafkaSettings,
            final Duration closeTimeout) {
        this.topic = topic;
        this.producerConfig = producerConfig(bootstrapServers, kafkaSettings);
        this.closeTimeout = closeTimeout;
    }

    @Override
    public void accepted(final String requestId, final String taskId) {
        try {
            sender.execute(() -> send(requestId, taskId));
        } catch (final RejectedExecutionException closing) {
            LOG.warn(
                    "Request request_id={} was accepted as task_id={} after its partition moved, while this instance"
                            + " stopped: its new owner will submit it again",
                    requestId,
                    taskId);
        }
    }

    private void send(final String requestId, final String taskId) {
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

    /** Sends the handovers already queued (for up to its close timeout, 10 s), then closes the producer. */
    @Override
    public void close() {
        sender.shutdown();
        try {
            if (!sender.awaitTermination(closeTimeout.toMillis(), TimeUnit.MILLISECONDS)) {
                LOG.warn(
                        "Handovers still unsent after {}; their requests' new owners will submit them again",
                        closeTimeout);
                sender.shutdownNow();
            }
        } catch (final InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        synchronized (this) {
            closed = true;
            if (producer != null) {
                producer.close(closeTimeout);
            }
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
