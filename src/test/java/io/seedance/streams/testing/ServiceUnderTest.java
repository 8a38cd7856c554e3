package io.seedance.streams.testing;

import io.seedance.streams.schemas.VideoCancellation;
import io.seedance.streams.schemas.VideoCompleted;
import io.seedance.streams.schemas.VideoFailed;
import io.seedance.streams.schemas.VideoRequest;
import io.seedance.streams.serde.AvroSerializer;
import io.seedance.streams.service.SeedanceService;
import io.seedance.streams.service.StoreMemoryBudget;
import io.seedance.streams.simulator.SeedanceSimulator;
import io.seedance.streams.simulator.SimulatorConfig;
import io.seedance.streams.topology.ProcessorConfig;
import io.seedance.streams.topology.Topics;
import io.seedance.streams.upstream.ApiKey;
import io.seedance.streams.upstream.HttpSeedanceClient;
import io.seedance.streams.upstream.SeedanceClientConfig;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * One instance of the real service on the shared broker and registry, against its own simulator,
 * with its own topics; a producer of requests and a {@code read_committed} consumer of results.
 */
public final class ServiceUnderTest implements AutoCloseable {

    public static final String API_KEY = "dk-it-key";

    public final Topics topics;
    public final SeedanceSimulator simulator;
    public final SeedanceService service;
    private final KafkaBroker kafka;
    private final Map<String, Object> serdeConfig;
    private final KafkaProducer<String, SpecificRecord> producer;
    private final List<SpecificRecord> results = new CopyOnWriteArrayList<>();
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final Thread collector;
    private final HttpSeedanceClient client;
    private final List<SeedanceService> peers = new CopyOnWriteArrayList<>();

    public ServiceUnderTest(
            final KafkaBroker kafka,
            final ApicurioRegistry registry,
            final SimulatorConfig simulatorConfig,
            final ProcessorConfig processorConfig) {
        this(kafka, registry.url(), simulatorConfig, processorConfig);
    }

    /** With the service (and this helper's clients) using the registry at {@code registryUrl}. */
    public ServiceUnderTest(
            final KafkaBroker kafka,
            final String registryUrl,
            final SimulatorConfig simulatorConfig,
            final ProcessorConfig processorConfig) {
        this.kafka = kafka;
        final String id = UUID.randomUUID().toString().substring(0, 8);
        this.topics = kafka.createServiceTopics(id, 2);
        this.serdeConfig = Map.of("schema.registry.url", registryUrl);
        this.simulator = SeedanceSimulator.start(
                simulatorConfig.toBuilder().apiKeys(Set.of(API_KEY)).build());
        this.client = new HttpSeedanceClient(SeedanceClientConfig.of(ApiKey.of(API_KEY))
                .withBaseUrl(simulator.baseUrl())
                .withTimeouts(Duration.ofSeconds(2), Duration.ofSeconds(5)));
        this.service = new SeedanceService(
                new SeedanceService.Settings(
                        "it-" + id,
                        kafka.bootstrapServers(),
                        newEndpoint(),
                        newStateDir(),
                        StoreMemoryBudget.DEFAULT_BUDGET_BYTES,
                        topics,
                        serdeConfig,
                        processorConfig,
                        Map.of("commit.interval.ms", 100)),
                client);
        this.producer = new KafkaProducer<>(producerConfig());
        this.collector = new Thread(this::collect, "results-" + id);
        collector.setDaemon(true);
        collector.start();
        service.start();
    }

    /** Another instance of the same application (same id and topics, its own state directory), started. */
    public SeedanceService startPeer() {
        final SeedanceService.Settings mine = service.settings();
        final SeedanceService peer = new SeedanceService(
                new SeedanceService.Settings(
                        mine.applicationId(),
                        mine.bootstrapServers(),
                        newEndpoint(),
                        newStateDir(),
                        mine.stateMemoryBytes(),
                        mine.topics(),
                        mine.serdeConfig(),
                        mine.processor(),
                        mine.kafkaSettings()),
                client);
        peers.add(peer);
        peer.start();
        return peer;
    }

    private static String newEndpoint() {
        return "127.0.0.1:" + RunEnvironment.freePort();
    }

    private static Path newStateDir() {
        return Path.of(RunEnvironment.newStateDir("seedance-state-"));
    }

    public void send(final VideoRequest request) {
        producer.send(new ProducerRecord<>(topics.requests(), request.getRequestId(), request));
    }

    /** Sends a cancellation of {@code requestId} (any tenant). */
    public void cancel(final String requestId) {
        producer.send(new ProducerRecord<>(
                topics.cancellations(),
                requestId,
                VideoCancellation.newBuilder().setRequestId(requestId).build()));
    }

    /** Sends to one partition of the requests topic, whatever the key would choose. */
    public void sendTo(final int partition, final VideoRequest request) {
        producer.send(new ProducerRecord<>(topics.requests(), partition, request.getRequestId(), request));
    }

    public void flush() {
        producer.flush();
    }

    /** Every terminal event read so far (read_committed), in arrival order. */
    public List<SpecificRecord> results() {
        return List.copyOf(results);
    }

    public List<VideoCompleted> completed() {
        return results.stream()
                .filter(VideoCompleted.class::isInstance)
                .map(VideoCompleted.class::cast)
                .toList();
    }

    public List<VideoFailed> failed() {
        return results.stream()
                .filter(VideoFailed.class::isInstance)
                .map(VideoFailed.class::cast)
                .toList();
    }

    private Map<String, Object> producerConfig() {
        final Map<String, Object> config = new HashMap<>(serdeConfig);
        config.put("bootstrap.servers", kafka.bootstrapServers());
        config.put("key.serializer", StringSerializer.class.getName());
        config.put("value.serializer", AvroSerializer.class.getName());
        config.put("linger.ms", 5);
        return config;
    }

    private void collect() {
        final Map<String, Object> config =
                Clients.resultConsumerConfig(kafka.bootstrapServers(), (String) serdeConfig.get("schema.registry.url"));
        try (KafkaConsumer<String, SpecificRecord> consumer = new KafkaConsumer<>(config)) {
            consumer.subscribe(List.of(topics.completed(), topics.failed()));
            while (running.get()) {
                for (final ConsumerRecord<String, SpecificRecord> record : consumer.poll(Duration.ofMillis(100))) {
                    results.add(record.value());
                }
            }
        }
    }

    @Override
    public void close() {
        peers.forEach(peer -> peer.close(Duration.ofSeconds(30)));
        service.close(Duration.ofSeconds(30));
        running.set(false);
        try {
            collector.join(5_000);
        } catch (final InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        producer.close(Duration.ofSeconds(5));
        simulator.close();
    }

    /** Request ids of a list of results. */
    public static List<String> requestIds(final List<? extends SpecificRecord> results) {
        final List<String> ids = new ArrayList<>();
        for (final SpecificRecord result : results) {
            ids.add(result instanceof VideoCompleted c ? c.getRequestId() : ((VideoFailed) result).getRequestId());
        }
        return ids;
    }
}
