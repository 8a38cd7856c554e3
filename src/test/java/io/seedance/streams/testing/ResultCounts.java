package io.seedance.streams.testing;

import io.seedance.streams.schemas.VideoCompleted;
import io.seedance.streams.schemas.VideoFailed;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;

/**
 * Counts the terminal events ({@code completed-<id>}, {@code failed-<id>}) per request,
 * read_committed, in the background: what exactly-once is asserted on after kills and restarts.
 */
public final class ResultCounts {

    private final Map<String, AtomicInteger> counts = new ConcurrentHashMap<>();
    private final AtomicInteger total = new AtomicInteger();
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final Thread thread;

    public ResultCounts(final String bootstrap, final ApicurioRegistry registry, final String id) {
        final Map<String, Object> config = Clients.resultConsumerConfig(bootstrap, registry.url());
        this.thread = new Thread(
                () -> {
                    try (KafkaConsumer<String, SpecificRecord> consumer = new KafkaConsumer<>(config)) {
                        consumer.subscribe(List.of("completed-" + id, "failed-" + id));
                        while (running.get()) {
                            consumer.poll(Duration.ofMillis(200)).forEach(record -> {
                                final String request = record.value() instanceof VideoCompleted c
                                        ? c.getRequestId()
                                        : ((VideoFailed) record.value()).getRequestId();
                                counts.computeIfAbsent(request, k -> new AtomicInteger())
                                        .incrementAndGet();
                                total.incrementAndGet();
                            });
                        }
                    }
                },
                "result-counts-" + id);
    }

    public void start() {
        thread.start();
    }

    public void stop() throws InterruptedException {
        running.set(false);
        thread.join(10_000);
    }

    /** Requests with at least one terminal event. */
    public int unique() {
        return counts.size();
    }

    /** Terminal events of all requests. */
    public int total() {
        return total.get();
    }

    public Map<String, Integer> counts() {
        final Map<String, Integer> snapshot = new HashMap<>();
        counts.forEach((k, v) -> snapshot.put(k, v.get()));
        return snapshot;
    }
}
