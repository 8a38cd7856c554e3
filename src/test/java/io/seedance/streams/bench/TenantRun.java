package io.seedance.streams.bench;

import static org.awaitility.Awaitility.await;

import io.seedance.streams.schemas.Priority;
import io.seedance.streams.schemas.Samples;
import io.seedance.streams.schemas.VideoRequest;
import io.seedance.streams.service.SeedanceService;
import io.seedance.streams.service.StoreMemoryBudget;
import io.seedance.streams.simulator.SeedanceSimulator;
import io.seedance.streams.simulator.SimulatorConfig;
import io.seedance.streams.testing.Clients;
import io.seedance.streams.testing.KafkaCluster;
import io.seedance.streams.testing.RunEnvironment;
import io.seedance.streams.topology.ProcessorConfig;
import io.seedance.streams.topology.ProcessorMetrics;
import io.seedance.streams.topology.Topics;
import io.seedance.streams.upstream.ApiKey;
import io.seedance.streams.upstream.ApiOutcome;
import io.seedance.streams.upstream.ContentItem;
import io.seedance.streams.upstream.GenerationRequest;
import io.seedance.streams.upstream.HttpSeedanceClient;
import io.seedance.streams.upstream.SeedanceApi;
import io.seedance.streams.upstream.SeedanceClientConfig;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.common.utils.Utils;
import org.apache.kafka.streams.KafkaStreams;

/**
 * One run of the scheduler on the shared broker: fresh topics (the tenants topic holding the
 * given policies), a simulator, {@code instances} services of one application, and a record of
 * every request produced and of when the upstream was asked to generate it.
 */
final class TenantRun implements AutoCloseable {

    /** A request produced: who asked, at which level, how many seconds of video, its partition, and when. */
    record Sent(String requestId, String tenant, Priority level, int seconds, int partition, long atMillis) {}

    /** A request the service submitted, and when. */
    record Submitted(Sent request, long atMillis) {}

    private final String id = UUID.randomUUID().toString().substring(0, 8);
    private final Topics topics;
    private final SeedanceSimulator simulator;
    private final KafkaProducer<String, VideoRequest> producer;
    private final List<SeedanceService> services = new ArrayList<>();
    private final Map<String, Sent> sent = new ConcurrentHashMap<>();
    private final Map<String, Long> submittedAt = new ConcurrentHashMap<>();
    private final long started;

    TenantRun(
            final KafkaCluster kafka,
            final String registryUrl,
            final int instances,
            final SimulatorConfig upstream,
            final ProcessorConfig config,
            final Map<String, String> policies) {
        topics = kafka.createServiceTopics(id, Arena.PARTITIONS);
        try (KafkaProducer<String, byte[]> tenants = new KafkaProducer<>(Map.of(
                "bootstrap.servers",
                kafka.bootstrapServers(),
                "key.serializer",
                StringSerializer.class.getName(),
                "value.serializer",
                ByteArraySerializer.class.getName()))) {
            policies.forEach((tenant, json) -> tenants.send(
                    new ProducerRecord<>(topics.tenants(), tenant, json.getBytes(StandardCharsets.UTF_8))));
        }
        simulator = SeedanceSimulator.start(upstream);
        final SeedanceApi client = new HttpSeedanceClient(SeedanceClientConfig.of(ApiKey.of(Arena.API_KEY))
                .withBaseUrl(simulator.baseUrl())
                .withTimeouts(Duration.ofSeconds(5), Duration.ofSeconds(30)));
        final SeedanceApi recording = new SeedanceApi() {
            @Override
            public CompletableFuture<ApiOutcome> generate(final GenerationRequest request) {
                submittedAt.putIfAbsent(prompt(request), System.currentTimeMillis());
                return client.generate(request);
            }

            @Override
            public CompletableFuture<ApiOutcome> query(final String taskId) {
                return client.query(taskId);
            }
        };
        final String application = "bench-tenants-" + id;
        for (int i = 0; i < instances; i++) {
            try {
                final SeedanceService service = new SeedanceService(
                        new SeedanceService.Settings(
                                application,
                                kafka.bootstrapServers(),
                                "127.0.0.1:" + RunEnvironment.freePort(),
                                Files.createTempDirectory("seedance-bench-"),
                                StoreMemoryBudget.DEFAULT_BUDGET_BYTES,
                                topics,
                                Map.of("schema.registry.url", registryUrl),
                                config,
                                Map.of()),
                        recording);
                service.start();
                services.add(service);
            } catch (final IOException e) {
                throw new IllegalStateException(e);
            }
        }
        await().atMost(Duration.ofMinutes(2))
                .until(() -> services.stream().allMatch(s -> s.state() == KafkaStreams.State.RUNNING));
        producer = Clients.avroProducer(kafka.bootstrapServers(), registryUrl);
        started = System.currentTimeMillis();
    }

    /** Produces one request; its prompt is its id, which is how the upstream's calls are told apart. */
    void send(final String requestId, final String tenant, final Priority level, final int seconds) {
        final VideoRequest request = VideoRequest.newBuilder(Samples.request(requestId))
                .setPrompt(requestId)
                .setImageUrls(List.of())
                .setTenant(tenant)
                .setPriority(level)
                .setDurationSeconds(seconds)
                .build();
        final int partition =
                Utils.toPositive(Utils.murmur2(requestId.getBytes(StandardCharsets.UTF_8))) % Arena.PARTITIONS;
        sent.put(requestId, new Sent(requestId, tenant, level, seconds, partition, System.currentTimeMillis()));
        producer.send(new ProducerRecord<>(topics.requests(), requestId, request));
    }

    void flush() {
        producer.flush();
    }

    /** Waits until {@code elapsed} has passed since the services ran: the run's measured window. */
    void runUntil(final Duration elapsed) {
        producer.flush();
        final long end = started + elapsed.toMillis();
        await().atMost(elapsed.plusMinutes(1))
                .pollInterval(Duration.ofMillis(100))
                .until(() -> System.currentTimeMillis() >= end);
    }

    /** Every request produced. */
    List<Sent> sent() {
        return List.copyOf(sent.values());
    }

    /** Every request submitted so far, in the order of submission. */
    List<Submitted> submitted() {
        final List<Submitted> all = new ArrayList<>();
        submittedAt.forEach((requestId, at) -> {
            final Sent request = sent.get(requestId);
            if (request != null) {
                all.add(new Submitted(request, at));
            }
        });
        all.sort((a, b) -> Long.compare(a.atMillis(), b.atMillis()));
        return all;
    }

    /** When the request was submitted, or -1 when it was not (yet). */
    long submittedAt(final String requestId) {
        return submittedAt.getOrDefault(requestId, -1L);
    }

    /** When the services were running and the first request could be produced. */
    long started() {
        return started;
    }

    /** Requests the services have accepted (stored, queued) so far. */
    long accepted() {
        return services.stream()
                .mapToLong(s -> s.metrics().count(ProcessorMetrics.Counter.REQUESTS_ACCEPTED))
                .sum();
    }

    int rateLimited() {
        return (int) simulator.stats().rateLimited();
    }

    private static String prompt(final GenerationRequest request) {
        return request.content().stream()
                .filter(ContentItem.Text.class::isInstance)
                .map(item -> ((ContentItem.Text) item).text())
                .findFirst()
                .orElse("");
    }

    @Override
    public void close() {
        producer.close();
        services.parallelStream().forEach(service -> service.close(Duration.ofSeconds(30)));
        simulator.close();
    }
}
