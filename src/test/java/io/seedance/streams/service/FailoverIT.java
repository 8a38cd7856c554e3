package io.seedance.streams.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.seedance.streams.schemas.Samples;
import io.seedance.streams.schemas.VideoRequest;
import io.seedance.streams.simulator.SeedanceSimulator;
import io.seedance.streams.simulator.SimulatorConfig;
import io.seedance.streams.testing.ApicurioRegistry;
import io.seedance.streams.testing.ChildJvm;
import io.seedance.streams.testing.Clients;
import io.seedance.streams.testing.KafkaCluster;
import io.seedance.streams.testing.RunEnvironment;
import io.seedance.streams.testing.SharedServices;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.FeatureUpdate;
import org.apache.kafka.clients.admin.UpdateFeaturesOptions;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.utils.Utils;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * How long a killed instance's partitions go unserved. Three instances share six partitions and a
 * few thousand tasks pending upstream; one is SIGKILLed; the clock runs until a survivor answers
 * {@code /requests/{id}} from its own store for a task of every partition the killed one owned.
 * Measured with and without a standby replica, at the session timeout the operations guide
 * recommends (10 s), with the classic rebalance protocol and with the broker-side streams protocol
 * (KIP-1071).
 */
@ExtendWith(SharedServices.class)
@Timeout(600)
class FailoverIT {

    private static final String KEY = "dk-failover";
    private static final int PARTITIONS = 6;
    /** A few thousand in CI; {@code -Dfailover.requests} measures larger stores. */
    private static final int REQUESTS = Integer.getInteger("failover.requests", 3_000);
    /** The recommended 10 s in CI; {@code -Dfailover.session.timeout.s=45} measures Kafka's default. */
    private static final Duration SESSION_TIMEOUT =
            Duration.ofSeconds(Integer.getInteger("failover.session.timeout.s", 10));

    /** How long a stalled instance stays stopped: between the recommended and Kafka's default session timeout. */
    private static final Duration STALL = Duration.ofSeconds(Integer.getInteger("failover.stall.s", 15));
    /** 1 s in CI; {@code -Dfailover.heartbeat.ms=5000} measures the streams protocol's default. */
    private static final Duration HEARTBEAT = Duration.ofMillis(Integer.getInteger("failover.heartbeat.ms", 1000));

    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();

    @Test
    void shouldServeAKilledInstancesPartitionsWithinTheSessionTimeoutAndTenSecondsWithAStandby(
            final KafkaCluster kafka, final ApicurioRegistry registry) throws Exception {
        final Duration withStandby = failover(kafka, registry, 1, GroupProtocol.CLASSIC);
        final Duration without = failover(kafka, registry, 0, GroupProtocol.CLASSIC);

        System.out.printf(
                "failover with session timeout %d s: %.1f s with a standby replica, %.1f s without%n",
                SESSION_TIMEOUT.toSeconds(), withStandby.toMillis() / 1000.0, without.toMillis() / 1000.0);
        assertThat(withStandby).isLessThan(SESSION_TIMEOUT.plusSeconds(10));
    }

    /**
     * The broker-side Streams rebalance protocol (KIP-1071). The group's session timeout, heartbeat
     * interval and standbys are the group's configurations on the broker, not the client's: set
     * here as an operator would with {@code kafka-configs --entity-type groups}.
     */
    @Test
    void shouldServeAKilledInstancesPartitionsWithTheStreamsRebalanceProtocol(
            final KafkaCluster kafka, final ApicurioRegistry registry) throws Exception {
        final Duration withStandby = failover(kafka, registry, 1, GroupProtocol.STREAMS);
        final Duration without = failover(kafka, registry, 0, GroupProtocol.STREAMS);

        System.out.printf(
                "failover with the streams protocol, session timeout %d s: %.1f s with a standby replica, %.1f s"
                        + " without%n",
                SESSION_TIMEOUT.toSeconds(), withStandby.toMillis() / 1000.0, without.toMillis() / 1000.0);
        // Measured against the classic protocol, which the operations guide recommends and whose
        // target the test above holds. One CI run of this one took 19.5 s with a standby (a survivor
        // 9 s in REBALANCING after the broker's assignment), so its bound is looser.
        assertThat(withStandby).isLessThan(SESSION_TIMEOUT.plusSeconds(20));
    }

    /**
     * The cost of a short session timeout: a process that stalls longer than it (SIGSTOP, as a long
     * GC pause or a frozen VM does) is taken for dead, its partitions move to the others and, once
     * it runs again, back. With Kafka's 45 s nothing moves, and its partitions wait out the stall.
     */
    @Test
    void shouldServeAStalledInstancesPartitionsAndTakeItBackWhenItRunsAgain(
            final KafkaCluster kafka, final ApicurioRegistry registry) throws Exception {
        final Stall stall =
                withThreeInstances(kafka, registry, 1, GroupProtocol.CLASSIC, (instances, endpoints, probes) -> {
                    final List<Integer> rebalancesBefore = rebalances(instances);
                    final long stalledAt = System.nanoTime();
                    instances.get(0).suspend();
                    final Map<String, Long> servedAfter = new HashMap<>();
                    // The stall itself: the survivors are asked all along whether they serve its partitions yet.
                    await().atMost(STALL.plusSeconds(5))
                            .pollInterval(Duration.ofMillis(100))
                            .until(() -> {
                                recordServed(probes, endpoints.subList(1, 3), stalledAt, servedAfter);
                                return System.nanoTime() - stalledAt >= STALL.toNanos();
                            });
                    instances.get(0).resume();
                    await().atMost(Duration.ofSeconds(60))
                            .pollInterval(Duration.ofMillis(100))
                            .until(() -> {
                                recordServed(probes, endpoints, stalledAt, servedAfter);
                                return servedAfter.size() == probes.size();
                            });
                    // Settled: every instance ready and running, for five seconds on end.
                    await().atMost(Duration.ofSeconds(90))
                            .during(Duration.ofSeconds(5))
                            .until(() ->
                                    endpoints.stream().allMatch(endpoint -> status(endpoint + "/health/ready") == 200)
                                            && instances.stream().allMatch(FailoverIT::lastStateIsRunning));
                    assertThat(instances.get(0).output()).doesNotContain("A stream thread");
                    final List<Integer> rebalancesAfter = rebalances(instances);
                    int rebalanced = 0;
                    for (int i = 0; i < instances.size(); i++) {
                        rebalanced += rebalancesAfter.get(i) - rebalancesBefore.get(i);
                    }
                    return new Stall(longest(servedAfter), rebalanced);
                });

        System.out.printf(
                "a %d s stall with session timeout %d s: its partitions served again after %.1f s; %d rebalances"
                        + " (instances entering REBALANCING)%n",
                STALL.toSeconds(),
                SESSION_TIMEOUT.toSeconds(),
                stall.unserved().toMillis() / 1000.0,
                stall.rebalances());
        assertThat(stall.unserved()).isLessThan(SESSION_TIMEOUT.plusSeconds(10).plus(STALL));
    }

    private record Stall(Duration unserved, int rebalances) {}

    enum GroupProtocol {
        CLASSIC,
        STREAMS
    }

    /** What happens to three instances, their probes and the first instance's partitions. */
    @FunctionalInterface
    private interface Incident<T> {
        T happen(List<ChildJvm> instances, List<String> endpoints, Map<Integer, String> probes) throws Exception;
    }

    /** One run: three instances, {@link #REQUESTS} tasks pending upstream, the first instance killed. */
    private Duration failover(
            final KafkaCluster kafka, final ApicurioRegistry registry, final int standbys, final GroupProtocol protocol)
            throws Exception {
        final Duration failover =
                withThreeInstances(kafka, registry, standbys, protocol, (instances, endpoints, probes) -> {
                    final long killedAt = System.nanoTime();
                    instances.get(0).kill();
                    final Map<String, Long> servedAfter = new HashMap<>();
                    await().atMost(Duration.ofSeconds(120))
                            .pollInterval(Duration.ofMillis(100))
                            .until(() -> {
                                recordServed(probes, endpoints.subList(1, 3), killedAt, servedAfter);
                                return servedAfter.size() == probes.size();
                            });
                    System.out.printf(
                            "%s protocol, standbys %d: partitions %s of the killed instance served again after %.1f s%n",
                            protocol,
                            standbys,
                            probes.keySet(),
                            longest(servedAfter).toMillis() / 1000.0);
                    return longest(servedAfter);
                });
        return failover;
    }

    /**
     * Three instances sharing {@link #PARTITIONS} partitions and {@link #REQUESTS} tasks pending
     * upstream, and one request of every partition the first one owns (its probes).
     */
    private <T> T withThreeInstances(
            final KafkaCluster kafka,
            final ApicurioRegistry registry,
            final int standbys,
            final GroupProtocol protocol,
            final Incident<T> incident)
            throws Exception {
        final String id = UUID.randomUUID().toString().substring(0, 8);
        try (SeedanceSimulator simulator = SeedanceSimulator.start(SimulatorConfig.builder()
                .apiKeys(Set.of(KEY))
                .generationTime(Duration.ofMinutes(30))
                .build())) {
            final Map<String, String> base = RunEnvironment.of(kafka.bootstrapServers(), registry, simulator, KEY, id);
            base.put("TOPICS_PARTITIONS", Integer.toString(PARTITIONS));
            base.put("STANDBY_REPLICAS", Integer.toString(standbys));
            base.put("KAFKA_SESSION_TIMEOUT_MS", Long.toString(SESSION_TIMEOUT.toMillis()));
            base.put("KAFKA_HEARTBEAT_INTERVAL_MS", Long.toString(HEARTBEAT.toMillis()));
            base.put("UPSTREAM_SUBMITS_PER_MINUTE", "60000");
            base.put("UPSTREAM_QUERIES_PER_MINUTE", "60000");
            base.put("UPSTREAM_MAX_TASKS_IN_FLIGHT", "100000");
            base.put("POLL_FIRST_DELAY", "1h");
            base.put("POLL_INTERVAL", "1h");
            if (protocol == GroupProtocol.STREAMS) {
                base.put("KAFKA_GROUP_PROTOCOL", "streams");
                configureStreamsGroup(kafka, base.get("APPLICATION_ID"), standbys);
            }
            final List<ChildJvm> instances = new ArrayList<>();
            final List<String> endpoints = new ArrayList<>();
            try {
                for (int i = 0; i < 3; i++) {
                    final Map<String, String> env = new HashMap<>(base);
                    final int port = RunEnvironment.freePort();
                    env.put("HTTP_PORT", Integer.toString(port));
                    env.put("STATE_DIR", RunEnvironment.newStateDir("failover-" + i + "-"));
                    endpoints.add("http://127.0.0.1:" + port);
                    instances.add(ChildJvm.start(env, "run"));
                }
                for (final String endpoint : endpoints) {
                    await().atMost(Duration.ofSeconds(120)).until(() -> status(endpoint + "/health/ready") == 200);
                }
                send(kafka, registry, "requests-" + id);
                await().atMost(Duration.ofSeconds(120))
                        .until(() -> simulator.stats().tasksCreated() >= REQUESTS);
                // One request of every partition the first instance owns, found by asking it alone: a
                // partition whose first three requests it does not hold is another instance's.
                final Map<Integer, String> probes = new TreeMap<>();
                final int[] asked = new int[PARTITIONS];
                for (int i = 0; i < REQUESTS; i++) {
                    final String request = "failover-" + i;
                    final int partition = partitionOf(request);
                    if (probes.containsKey(partition) || asked[partition] >= 3) {
                        continue;
                    }
                    asked[partition]++;
                    if (status(local(endpoints.get(0), request)) == 200) {
                        probes.put(partition, request);
                    }
                }
                assertThat(probes).as("the first instance's partitions").isNotEmpty();
                return incident.happen(instances, endpoints, probes);
            } finally {
                instances.forEach(ChildJvm::close);
            }
        }
    }

    /** Notes, for each probe not yet served, whether one of {@code endpoints} serves it now. */
    private void recordServed(
            final Map<Integer, String> probes,
            final List<String> endpoints,
            final long since,
            final Map<String, Long> servedAfter) {
        for (final String request : probes.values()) {
            if (!servedAfter.containsKey(request)
                    && endpoints.stream().anyMatch(endpoint -> status(local(endpoint, request)) == 200)) {
                servedAfter.put(request, System.nanoTime() - since);
            }
        }
    }

    private static Duration longest(final Map<String, Long> servedAfter) {
        return Duration.ofNanos(
                servedAfter.values().stream().mapToLong(Long::longValue).max().orElseThrow());
    }

    /** How often each instance has entered REBALANCING, by its log of Kafka Streams' states. */
    private static List<Integer> rebalances(final List<ChildJvm> instances) {
        return instances.stream()
                .map(instance -> (int) instance.output()
                        .lines()
                        .filter(line -> line.contains("Kafka Streams") && line.endsWith("-> REBALANCING"))
                        .count())
                .toList();
    }

    private static boolean lastStateIsRunning(final ChildJvm instance) {
        return instance.output()
                .lines()
                .filter(line -> line.contains("Kafka Streams") && line.contains(" -> "))
                .reduce((first, second) -> second)
                .map(line -> line.endsWith("-> RUNNING"))
                .orElse(false);
    }

    /** What {@code kafka-configs --alter --entity-type groups} sets for a streams group. */
    private static void configureStreamsGroup(final KafkaCluster kafka, final String group, final int standbys)
            throws Exception {
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", kafka.bootstrapServers()))) {
            // kafka-features.sh upgrade --feature streams.version=1: a cluster formatted by the test
            // kit has it off.
            admin.updateFeatures(
                            Map.of("streams.version", new FeatureUpdate((short) 1, FeatureUpdate.UpgradeType.UPGRADE)),
                            new UpdateFeaturesOptions())
                    .all()
                    .get();
            final ConfigResource resource = new ConfigResource(ConfigResource.Type.GROUP, group);
            admin.incrementalAlterConfigs(Map.of(
                            resource,
                            List.of(
                                    set("streams.session.timeout.ms", SESSION_TIMEOUT.toMillis()),
                                    set("streams.heartbeat.interval.ms", HEARTBEAT.toMillis()),
                                    set("streams.num.standby.replicas", standbys))))
                    .all()
                    .get();
        }
    }

    private static AlterConfigOp set(final String name, final long value) {
        return new AlterConfigOp(new ConfigEntry(name, Long.toString(value)), AlterConfigOp.OpType.SET);
    }

    private static void send(final KafkaCluster kafka, final ApicurioRegistry registry, final String topic)
            throws Exception {
        try (KafkaProducer<String, VideoRequest> producer =
                Clients.avroProducer(kafka.bootstrapServers(), registry.url())) {
            for (int i = 0; i < REQUESTS; i++) {
                final VideoRequest request = VideoRequest.newBuilder(Samples.request("failover-" + i))
                        .setPrompt("Take " + i + ": the cat in @image1 meets the dog in @image2")
                        .build();
                producer.send(new ProducerRecord<>(topic, request.getRequestId(), request));
            }
            producer.flush();
        }
    }

    /** The partition the producer's default partitioner gives a key. */
    private static int partitionOf(final String key) {
        return Utils.toPositive(Utils.murmur2(key.getBytes(StandardCharsets.UTF_8))) % PARTITIONS;
    }

    /** The lookup of {@code request} in this instance's own store only. */
    private static String local(final String endpoint, final String request) {
        return endpoint + "/requests/" + request + "?forwarded";
    }

    private int status(final String url) {
        try {
            return http.send(
                            HttpRequest.newBuilder(URI.create(url))
                                    .timeout(Duration.ofSeconds(2))
                                    .build(),
                            HttpResponse.BodyHandlers.discarding())
                    .statusCode();
        } catch (final IOException e) {
            return -1;
        } catch (final InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }
}
