package io.seedance.streams.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.seedance.streams.demo.EmbeddedKafka;
import io.seedance.streams.schemas.Samples;
import io.seedance.streams.schemas.VideoRequest;
import io.seedance.streams.simulator.SeedanceSimulator;
import io.seedance.streams.simulator.SimulatorConfig;
import io.seedance.streams.testing.ApicurioRegistry;
import io.seedance.streams.testing.ChildJvm;
import io.seedance.streams.testing.Clients;
import io.seedance.streams.testing.ResultCounts;
import io.seedance.streams.testing.RunEnvironment;
import io.seedance.streams.testing.SharedServices;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.function.IntFunction;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The crash test: the service runs as a child process against a broker in another process; it is
 * killed with SIGKILL at random moments while hundreds of requests are in flight, and restarted
 * each time. Afterwards every request has exactly one terminal event ({@code read_committed}),
 * none is missing, and the duplicate upstream submissions stay within kills × in-flight bound.
 */
@ExtendWith(SharedServices.class)
@Timeout(600)
class KillIT {

    private static final String KEY = "dk-kill";
    private static final int REQUESTS = 300;
    private static final int KILLS = 3;
    private static final int MAX_CONCURRENT_CALLS = 16;

    @Test
    void shouldDeliverExactlyOneTerminalEventPerRequestAcrossSigkills(final ApicurioRegistry registry)
            throws Exception {
        final long seed = System.nanoTime();
        final Random random = new Random(seed);
        final String id = UUID.randomUUID().toString().substring(0, 8);
        try (ChildJvm broker = ChildJvm.startMain(
                        StandaloneBroker.class.getName(),
                        Map.of(),
                        Files.createTempDirectory("kill-broker-").toString());
                SeedanceSimulator simulator = SeedanceSimulator.start(SimulatorConfig.builder()
                        .apiKeys(Set.of(KEY))
                        .latency(Duration.ofMillis(200))
                        .latencyJitter(Duration.ofMillis(300))
                        .generationTime(Duration.ofMillis(1500))
                        .generationSpread(Duration.ofMillis(1000))
                        .failureRate(0.05)
                        .build())) {
            await().atMost(Duration.ofSeconds(60)).until(() -> broker.output().contains("BOOTSTRAP "));
            final String bootstrap = broker.output()
                    .lines()
                    .filter(l -> l.startsWith("BOOTSTRAP "))
                    .findFirst()
                    .orElseThrow()
                    .substring("BOOTSTRAP ".length())
                    .strip();
            final Map<String, String> env = RunEnvironment.of(bootstrap, registry, simulator, KEY, id);
            env.put("UPSTREAM_SUBMITS_PER_MINUTE", "900");
            env.put("UPSTREAM_QUERIES_PER_MINUTE", "30000");
            env.put("UPSTREAM_MAX_CONCURRENT_CALLS", Integer.toString(MAX_CONCURRENT_CALLS));
            env.put("UPSTREAM_MAX_TASKS_IN_FLIGHT", "1000");
            env.put("KAFKA_SESSION_TIMEOUT_MS", "6000");
            env.put("KAFKA_HEARTBEAT_INTERVAL_MS", "1000");
            createTopics(bootstrap, id);
            final ResultCounts results = new ResultCounts(bootstrap, registry, id);
            results.start();
            send(bootstrap, registry, "requests-" + id, 0, REQUESTS, KillIT::killRequest);

            ChildJvm service = ChildJvm.start(env, "run");
            try {
                for (int kill = 1; kill <= KILLS; kill++) {
                    // Kill while it works: once this incarnation has finished a few more requests,
                    // at a random moment within the next second and a half.
                    final int seenBefore = results.unique();
                    await().atMost(Duration.ofSeconds(120)).until(() -> results.unique() >= seenBefore + 15);
                    final long wait = random.nextInt(1500);
                    final long at = System.nanoTime() + Duration.ofMillis(wait).toNanos();
                    await().atMost(Duration.ofSeconds(5)).until(() -> System.nanoTime() >= at);
                    service.kill();
                    System.out.printf(
                            "kill %d (+%d ms): %d of %d requests done (seed %d)%n",
                            kill, wait, results.unique(), REQUESTS, seed);
                    service = ChildJvm.start(env, "run");
                }
                await().atMost(Duration.ofMinutes(4)).until(() -> results.unique() >= REQUESTS);
                // Then nothing more may come: a second event for any request would break exactly-once.
                await().during(Duration.ofSeconds(3))
                        .atMost(Duration.ofSeconds(5))
                        .until(() -> results.total() == REQUESTS);
            } finally {
                service.close();
                results.stop();
            }
            final long duplicates = simulator.stats().duplicateSubmissions();
            System.out.printf(
                    "%d requests, %d kills: %d terminal events, %d upstream tasks, %d duplicate submissions"
                            + " (bound %d)%n",
                    REQUESTS,
                    KILLS,
                    results.total(),
                    simulator.stats().tasksCreated(),
                    duplicates,
                    KILLS * MAX_CONCURRENT_CALLS);
            assertThat(results.counts())
                    .hasSize(REQUESTS)
                    .allSatisfy((request, count) -> assertThat(count).isOne());
            assertThat(duplicates).isLessThanOrEqualTo(KILLS * MAX_CONCURRENT_CALLS);
        }
    }

    @Test
    void shouldRecoverWithoutHelpWhenTheBrokerRestartsMidRun(final ApicurioRegistry registry) throws Exception {
        final String id = UUID.randomUUID().toString().substring(0, 8);
        final String data = Files.createTempDirectory("restart-broker-").toString();
        final String port = Integer.toString(EmbeddedKafka.freePort());
        final String controllerPort = Integer.toString(EmbeddedKafka.freePort());
        ChildJvm broker = ChildJvm.startMain(StandaloneBroker.class.getName(), Map.of(), data, port, controllerPort);
        try (SeedanceSimulator simulator = SeedanceSimulator.start(SimulatorConfig.builder()
                .apiKeys(Set.of(KEY))
                .generationTime(Duration.ofSeconds(2))
                .build())) {
            final ChildJvm first = broker;
            await().atMost(Duration.ofSeconds(60)).until(() -> first.output().contains("BOOTSTRAP "));
            final String bootstrap = "127.0.0.1:" + port;
            final Map<String, String> env = RunEnvironment.of(bootstrap, registry, simulator, KEY, id);
            env.put("UPSTREAM_SUBMITS_PER_MINUTE", "600");
            createTopics(bootstrap, id);
            final int total = 40;
            try (ChildJvm service = ChildJvm.start(env, "run")) {
                send(bootstrap, registry, "requests-" + id, 0, total / 2, KillIT::restartRequest);
                await().atMost(Duration.ofSeconds(60))
                        .until(() -> simulator.stats().tasksCreated() >= 5);

                broker.terminate();
                assertThat(broker.waitFor(60)).isNotNegative();
                broker = ChildJvm.startMain(StandaloneBroker.class.getName(), Map.of(), data, port, controllerPort);
                final ChildJvm second = broker;
                await().atMost(Duration.ofSeconds(60))
                        .until(() -> second.output().contains("BOOTSTRAP "));
                send(bootstrap, registry, "requests-" + id, total / 2, total, KillIT::restartRequest);

                final ResultCounts results = new ResultCounts(bootstrap, registry, id);
                results.start();
                try {
                    await().atMost(Duration.ofMinutes(3)).until(() -> results.unique() >= total);
                    await().during(Duration.ofSeconds(2))
                            .atMost(Duration.ofSeconds(4))
                            .until(() -> results.total() == total);
                } finally {
                    results.stop();
                }
                assertThat(service.isAlive()).as(service.output()).isTrue();
                assertThat(simulator.stats().duplicateSubmissions()).isZero();
            }
        } finally {
            broker.close();
        }
    }

    /** Sends requests {@code from} to {@code to} (exclusive), made by {@code request} from their index. */
    private static void send(
            final String bootstrap,
            final ApicurioRegistry registry,
            final String topic,
            final int from,
            final int to,
            final IntFunction<VideoRequest> request)
            throws Exception {
        try (KafkaProducer<String, VideoRequest> producer = Clients.avroProducer(bootstrap, registry.url())) {
            for (int i = from; i < to; i++) {
                final VideoRequest next = request.apply(i);
                // One at a time: batches in flight to a partition whose leader is just being elected
                // were once refused (NOT_LEADER, then OUT_OF_ORDER_SEQUENCE) until they expired, and
                // the requests never arrived; a refused send now retries alone or fails here.
                producer.send(new ProducerRecord<>(topic, next.getRequestId(), next))
                        .get();
            }
        }
    }

    private static VideoRequest killRequest(final int i) {
        return VideoRequest.newBuilder(Samples.request("kill-" + i))
                .setPrompt("Take " + i + ": the cat in @image1 meets the dog in @image2")
                .build();
    }

    private static VideoRequest restartRequest(final int i) {
        return VideoRequest.newBuilder(Samples.request("restart-" + i))
                .setPrompt("Take " + i + ": a lighthouse in a storm")
                .setImageUrls(List.of())
                .build();
    }

    /** The service's topics of run {@code id}, two partitions each, on the broker in another process. */
    private static void createTopics(final String bootstrap, final String id) throws Exception {
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrap))) {
            admin.createTopics(Stream.of("requests-", "completed-", "failed-", "dlq-", "callbacks-", "tenants-")
                            .map(prefix -> new NewTopic(prefix + id, prefix.equals("tenants-") ? 1 : 2, (short) 1))
                            .toList())
                    .all()
                    .get();
        }
    }
}
