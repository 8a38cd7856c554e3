package io.seedance.streams.bench;

import static org.awaitility.Awaitility.await;

import io.seedance.streams.demo.LocalSchemaRegistryServer;
import io.seedance.streams.schemas.Samples;
import io.seedance.streams.schemas.VideoRequest;
import io.seedance.streams.serde.AvroSerializer;
import io.seedance.streams.simulator.SeedanceSimulator;
import io.seedance.streams.simulator.SimulatorConfig;
import io.seedance.streams.testing.ChildJvm;
import io.seedance.streams.testing.RunEnvironment;
import io.seedance.streams.topology.SweepCost;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.ToLongFunction;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * A hundred thousand pending tasks: what each costs in heap and resident memory of a service
 * process ({@code run} in a JVM of its own, so nothing else shares its heap), how long a fresh
 * instance takes to restore them from the changelog, and what one sweep costs among them.
 */
final class StateScaleScenario {

    static final int PENDING = 100_000;
    private static final int SWEEP_ROUNDS = 100;
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private StateScaleScenario() {}

    static List<Table> run(final Arena arena) throws Exception {
        return List.of(memoryAndRestore(arena), sweeps());
    }

    private static Table sweeps() {
        final Table table = new Table(
                "Scale of state: one sweep with 100 due tasks (RocksDB stores, test driver)",
                "pending tasks",
                "median sweep (ms)",
                "÷ at 1,000");
        // Once untimed, so that neither size pays for compiling the code of a sweep.
        SweepCost.medianSweepNanos(1_000, 100, SWEEP_ROUNDS);
        final long small = SweepCost.medianSweepNanos(1_000, 100, SWEEP_ROUNDS);
        final long large = SweepCost.medianSweepNanos(PENDING, 100, SWEEP_ROUNDS);
        table.row(1_000, small / 1e6, 1.0);
        table.row(PENDING, large / 1e6, (double) large / small);
        table.note("The due index keeps tasks by lane and due time, so a sweep reads only what is due. Median of "
                + SWEEP_ROUNDS + " sweeps each, after an untimed warm-up run.");
        return table;
    }

    /** The default budget, and one so large that RocksDB behaves as without a bound. */
    private static final int BUDGET_MB = 64;

    private static final int LOOSE_BUDGET_MB = 4_096;

    private static Table memoryAndRestore(final Arena arena) throws Exception {
        final Measured bounded = measure(arena, BUDGET_MB, true);
        final Measured loose = measure(arena, LOOSE_BUDGET_MB, false);
        final Table table = new Table(
                "Scale of state: " + PENDING + " pending tasks in one service process",
                "measure",
                "STATE_MEMORY_MB=" + BUDGET_MB + " (default)",
                "STATE_MEMORY_MB=" + LOOSE_BUDGET_MB);
        table.row(
                "time to produce and submit " + PENDING + " requests (s)",
                bounded.submitSeconds(),
                loose.submitSeconds());
        table.row(
                "heap per pending task, after a full GC (bytes)",
                bounded.perTask(Memory::heapBytes),
                loose.perTask(Memory::heapBytes));
        table.row(
                "resident memory per pending task (bytes)",
                bounded.perTask(Memory::rssBytes),
                loose.perTask(Memory::rssBytes));
        table.row(
                "resident memory outside the Java heap per pending task (bytes)",
                bounded.perTask(Memory::outsideHeapBytes),
                loose.perTask(Memory::outsideHeapBytes));
        table.row(
                "the same from " + PENDING / 2 + " to " + PENDING + " pending (bytes)",
                bounded.perTaskInSecondHalf(Memory::outsideHeapBytes),
                loose.perTaskInSecondHalf(Memory::outsideHeapBytes));
        table.row(
                "heap used / heap committed / RSS with " + PENDING + " pending (MiB)",
                bounded.after().summary(),
                loose.after().summary());
        table.row(
                "restore from the changelog into an empty state directory, start to ready (s)",
                bounded.restoreSeconds(),
                "-");
        table.note("The service runs as `run` in its own JVM (-Xmx512m); heap is measured with `jcmd GC.run` then"
                + " `GC.heap_info`, RSS from /proc; outside the heap is RSS minus the committed heap. Tasks stay"
                + " pending: the simulator takes 3 h per video and the first query waits 2 h. The first tasks also pay"
                + " for the process warming up (compiled code, HTTP threads, buffers); the second half leaves that out,"
                + " but varies by hundreds of bytes from run to run. The submit time includes the full GC measured"
                + " half way. " + LOOSE_BUDGET_MB + " MiB is as good as no bound: Kafka Streams' own"
                + " per-store memtables decide.");
        return table;
    }

    /** One service process's memory before and after taking {@link #PENDING} tasks, and its restore time. */
    private record Measured(double submitSeconds, Memory before, Memory half, Memory after, Object restoreSeconds) {

        double perTask(final ToLongFunction<Memory> measure) {
            return (double) (measure.applyAsLong(after) - measure.applyAsLong(before)) / PENDING;
        }

        /** What one more task costs once the process has warmed up (its code compiled, its threads started). */
        double perTaskInSecondHalf(final ToLongFunction<Memory> measure) {
            return (double) (measure.applyAsLong(after) - measure.applyAsLong(half)) / (PENDING - PENDING / 2);
        }
    }

    /** Requests {@code from} to {@code to} produced, and all of them stored PENDING by the service (its own gauge says so). */
    private static void takePending(
            final Arena arena,
            final LocalSchemaRegistryServer registry,
            final String id,
            final int from,
            final int to,
            final ChildJvm service,
            final int httpPort) {
        produce(arena.kafka().bootstrapServers(), registry.url(), "requests-" + id, from, to);
        await("all " + to + " tasks pending")
                .atMost(Duration.ofMinutes(10))
                .pollInterval(Duration.ofSeconds(1))
                .ignoreExceptions()
                .failFast("the service exited", () -> !service.isAlive())
                .until(() -> metrics(httpPort).contains("seedance_tasks{state=\"PENDING\"} " + to + ".0"));
    }

    private static Measured measure(final Arena arena, final int budgetMb, final boolean restore) throws Exception {
        final String id = UUID.randomUUID().toString().substring(0, 8);
        final Path stateDir = Files.createTempDirectory("seedance-scale-");
        try (LocalSchemaRegistryServer registry =
                        LocalSchemaRegistryServer.start(Files.createTempFile("scale-registry-", ".journal"));
                SeedanceSimulator simulator = SeedanceSimulator.start(SimulatorConfig.builder()
                        .apiKeys(Set.of(Arena.API_KEY))
                        .queueTime(Duration.ZERO)
                        .generationTime(Duration.ofHours(3))
                        .build())) {
            final int httpPort = RunEnvironment.freePort();
            final Map<String, String> env = RunEnvironment.connection(
                    arena.kafka().bootstrapServers(),
                    registry.url(),
                    Arena.API_KEY,
                    "scale-" + id,
                    RunEnvironment.topics(id),
                    Arena.PARTITIONS,
                    httpPort);
            env.put("SEEDANCE_BASE_URL", simulator.baseUrl().toString());
            env.put("STATE_DIR", stateDir.toString());
            env.put("STATE_MEMORY_MB", Integer.toString(budgetMb));
            env.put("UPSTREAM_SUBMITS_PER_MINUTE", "1200000");
            env.put("UPSTREAM_MAX_TASKS_IN_FLIGHT", "1000000");
            env.put("UPSTREAM_MAX_CONCURRENT_CALLS", "256");
            // Pending and quiet: nobody queries them during the measurement.
            env.put("POLL_FIRST_DELAY", "2h");

            ChildJvm service = ChildJvm.start(env, "run");
            try {
                awaitReady(httpPort, Duration.ofMinutes(2), service);
                final Memory before = Memory.of(service.pid());
                final Instant producing = Instant.now();
                takePending(arena, registry, id, 0, PENDING / 2, service, httpPort);
                final Memory half = Memory.of(service.pid());
                takePending(arena, registry, id, PENDING / 2, PENDING, service, httpPort);
                final double submitSeconds =
                        Duration.between(producing, Instant.now()).toMillis() / 1000.0;
                final Memory after = Memory.of(service.pid());
                if (!restore) {
                    return new Measured(submitSeconds, before, half, after, "-");
                }
                service.terminate();
                service.waitFor(60);
                deleteRecursively(stateDir);
                final Instant restarted = Instant.now();
                service = ChildJvm.start(env, "run");
                awaitReady(httpPort, Duration.ofMinutes(5), service);
                return new Measured(
                        submitSeconds,
                        before,
                        half,
                        after,
                        Duration.between(restarted, Instant.now()).toMillis() / 1000.0);
            } finally {
                service.close();
            }
        }
    }

    /** Used and committed Java heap, and resident memory, of a process. */
    private record Memory(long heapBytes, long heapCommittedBytes, long rssBytes) {

        private static final Pattern HEAP = Pattern.compile("total (\\d+)K, used (\\d+)K");
        private static final Pattern RSS = Pattern.compile("VmRSS:\\s+(\\d+) kB");

        static Memory of(final long pid) throws IOException, InterruptedException {
            final String jcmd =
                    Path.of(System.getProperty("java.home"), "bin", "jcmd").toString();
            run(jcmd, Long.toString(pid), "GC.run");
            final Matcher heap = HEAP.matcher(run(jcmd, Long.toString(pid), "GC.heap_info"));
            final Matcher rss = RSS.matcher(Files.readString(Path.of("/proc", Long.toString(pid), "status")));
            if (!heap.find() || !rss.find()) {
                throw new IllegalStateException("cannot read the memory of process " + pid);
            }
            return new Memory(
                    Long.parseLong(heap.group(2)) * 1024,
                    Long.parseLong(heap.group(1)) * 1024,
                    Long.parseLong(rss.group(1)) * 1024);
        }

        /** Resident memory that is not the Java heap: RocksDB, thread stacks, code, metaspace. */
        long outsideHeapBytes() {
            return rssBytes - heapCommittedBytes;
        }

        String summary() {
            return heapBytes / 1048576 + " / " + heapCommittedBytes / 1048576 + " / " + rssBytes / 1048576;
        }

        private static String run(final String... command) throws IOException, InterruptedException {
            final Process process =
                    new ProcessBuilder(command).redirectErrorStream(true).start();
            final String output = new String(process.getInputStream().readAllBytes());
            process.waitFor();
            return output;
        }
    }

    private static void produce(
            final String bootstrapServers, final String registryUrl, final String topic, final int from, final int to) {
        try (KafkaProducer<String, VideoRequest> producer = new KafkaProducer<>(Map.of(
                "bootstrap.servers",
                bootstrapServers,
                "schema.registry.url",
                registryUrl,
                "key.serializer",
                StringSerializer.class.getName(),
                "value.serializer",
                AvroSerializer.class.getName(),
                "linger.ms",
                20,
                "batch.size",
                262_144))) {
            for (int i = from; i < to; i++) {
                final String requestId = "scale-" + i;
                final VideoRequest sample = Samples.request(requestId);
                producer.send(new ProducerRecord<>(
                        topic,
                        requestId,
                        VideoRequest.newBuilder(sample)
                                .setPrompt(sample.getPrompt() + ", take " + i)
                                .build()));
            }
        }
    }

    private static void awaitReady(final int port, final Duration patience, final ChildJvm service) {
        await("the service ready")
                .atMost(patience)
                .pollInterval(Duration.ofMillis(100))
                .ignoreExceptions()
                .failFast("the service exited", () -> !service.isAlive())
                .until(() -> HTTP.send(
                                        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/health/ready"))
                                                .timeout(Duration.ofSeconds(2))
                                                .build(),
                                        HttpResponse.BodyHandlers.discarding())
                                .statusCode()
                        == 200);
    }

    private static String metrics(final int port) throws IOException, InterruptedException {
        return HTTP.send(
                        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/metrics"))
                                .timeout(Duration.ofSeconds(5))
                                .build(),
                        HttpResponse.BodyHandlers.ofString())
                .body();
    }

    private static String tail(final String output) {
        return output.length() <= 4_000 ? output : output.substring(output.length() - 4_000);
    }

    private static void deleteRecursively(final Path root) throws IOException {
        try (Stream<Path> paths = Files.walk(root)) {
            for (final Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                if (!path.equals(root)) {
                    Files.delete(path);
                }
            }
        }
    }
}
