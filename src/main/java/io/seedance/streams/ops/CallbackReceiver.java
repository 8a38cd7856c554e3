package io.seedance.streams.ops;

import com.sun.net.httpserver.HttpExchange;
import io.seedance.streams.service.CallbackTopicHandover;
import io.seedance.streams.topology.CallbackSigner;
import io.seedance.streams.topology.LogFields;
import io.seedance.streams.topology.ProcessorMetrics;
import java.io.IOException;
import java.io.InputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code POST /callbacks/<request_id>?sig=<hmac>}: the upstream's webhook. Unsigned (401), forged
 * (403) or oversize (413) calls touch nothing; a valid one becomes a signal on the callbacks topic
 * (keyed by request_id, so it reaches the instance that owns the task) and is answered 202 as soon
 * as Kafka has it. The body is passed along untouched: it is undocumented, only a hint.
 */
public final class CallbackReceiver implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(CallbackReceiver.class);

    private final CallbackSigner signer;
    private final String topic;
    private final int maxBodyBytes;
    private final ProcessorMetrics metrics;
    private final Producer<String, byte[]> producer;

    public CallbackReceiver(
            final CallbackSigner signer,
            final String topic,
            final int maxBodyBytes,
            final ProcessorMetrics metrics,
            final String bootstrapServers,
            final Map<String, Object> kafkaSettings) {
        this(
                signer,
                topic,
                maxBodyBytes,
                metrics,
                // Idempotent, fully acknowledged writes: a 202 promises the signal is in Kafka.
                new KafkaProducer<>(CallbackTopicHandover.producerConfig(bootstrapServers, kafkaSettings)));
    }

    CallbackReceiver(
            final CallbackSigner signer,
            final String topic,
            final int maxBodyBytes,
            final ProcessorMetrics metrics,
            final Producer<String, byte[]> producer) {
        this.signer = signer;
        this.topic = topic;
        this.maxBodyBytes = maxBodyBytes;
        this.metrics = metrics;
        this.producer = producer;
    }

    void handle(final HttpExchange exchange) throws IOException {
        try (exchange) {
            if (!"POST".equals(exchange.getRequestMethod())) {
                exchange.sendResponseHeaders(405, -1);
                return;
            }
            final String requestId = URLDecoder.decode(
                    exchange.getRequestURI().getRawPath().substring(CallbackSigner.PATH.length()),
                    StandardCharsets.UTF_8);
            final String signature = parameter(exchange.getRequestURI().getRawQuery(), "sig");
            if (signature == null) {
                reject(exchange, 401, "unsigned");
                return;
            }
            if (!signer.verify(requestId, signature)) {
                reject(exchange, 403, "forged");
                return;
            }
            final byte[] body = readAtMost(exchange.getRequestBody(), maxBodyBytes);
            if (body == null) {
                reject(exchange, 413, "oversize");
                return;
            }
            if (!record(requestId, body)) {
                exchange.sendResponseHeaders(503, -1);
                return;
            }
            metrics.increment(ProcessorMetrics.Counter.CALLBACKS_ACCEPTED);
            exchange.sendResponseHeaders(202, -1);
        }
    }

    /**
     * Writes the signal and waits for the broker's acknowledgement; false when it could not be
     * written (the caller answers 503 and the upstream retries). An interrupt is kept for the
     * thread's owner to see.
     */
    boolean record(final String requestId, final byte[] body) {
        try (LogFields fields = LogFields.of(requestId, null)) {
            producer.send(new ProducerRecord<>(topic, requestId, body)).get(10, TimeUnit.SECONDS);
            return true;
        } catch (final InterruptedException e) {
            Thread.currentThread().interrupt();
            LOG.warn("Interrupted while recording the webhook of request_id={}", requestId);
            return false;
        } catch (final ExecutionException | TimeoutException | KafkaException e) {
            LOG.warn("Could not record the webhook of request_id={}: {}", requestId, e.toString());
            return false;
        }
    }

    private void reject(final HttpExchange exchange, final int status, final String why) throws IOException {
        metrics.increment(ProcessorMetrics.Counter.CALLBACKS_REJECTED);
        LOG.warn("Webhook rejected ({}, HTTP {}) from {}", why, status, exchange.getRemoteAddress());
        exchange.sendResponseHeaders(status, -1);
    }

    /** The body, or null when it is longer than {@code limit}. */
    private static byte[] readAtMost(final InputStream in, final int limit) throws IOException {
        final byte[] bytes = in.readNBytes(limit + 1);
        return bytes.length > limit ? null : bytes;
    }

    private static String parameter(final String rawQuery, final String name) {
        if (rawQuery == null) {
            return null;
        }
        for (final String pair : rawQuery.split("&")) {
            if (pair.startsWith(name + "=")) {
                return URLDecoder.decode(pair.substring(name.length() + 1), StandardCharsets.UTF_8);
            }
        }
        return null;
    }

    @Override
    public void close() {
        producer.close(Duration.ofSeconds(5));
    }
}
