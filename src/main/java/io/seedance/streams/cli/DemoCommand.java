package io.seedance.streams.cli;

import io.seedance.streams.demo.EmbeddedKafka;
import io.seedance.streams.demo.LocalSchemaRegistryServer;
import io.seedance.streams.schemas.VideoCompleted;
import io.seedance.streams.schemas.VideoFailed;
import io.seedance.streams.schemas.VideoRequest;
import io.seedance.streams.serde.AvroDeserializer;
import io.seedance.streams.serde.AvroSerializer;
import io.seedance.streams.service.SeedanceService;
import io.seedance.streams.service.ServiceConfig;
import io.seedance.streams.service.ShutdownSignal;
import io.seedance.streams.simulator.SeedanceSimulator;
import io.seedance.streams.simulator.SimulatorConfig;
import io.seedance.streams.topology.Task;
import io.seedance.streams.upstream.HttpSeedanceClient;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Callable;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code demo}: the whole system in one process. A real Kafka broker (KRaft), a small local schema
 * registry (Confluent API over HTTP), the Seedance simulator (or the real API when {@code SEEDANCE_API_KEY} is set) and the
 * service itself, configured through the same {@link ServiceConfig} path as {@code run}. It sends
 * a few requests, shows their progress live and exits when all are terminal.
 */
@Command(
        name = "demo",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description = "Run everything in one process (broker, registry, API simulator, service), send sample"
                + " requests and show their progress. With SEEDANCE_API_KEY set, the real API is used.")
final class DemoCommand implements Callable<Integer> {

    private static final String SIMULATOR_KEY = "dk-demo-" + UUID.randomUUID();

    @Spec
    private CommandSpec spec;

    @Option(
            names = "--data-dir",
            defaultValue = "${sys:user.home}/.seedance-streams/demo",
            description =
                    "Where the broker and the stores keep their data; it survives restarts (default: ${DEFAULT-VALUE}).")
    private Path dataDir;

    @Option(
            names = {"-p", "--prompt"},
            description = "Send this prompt instead of the samples.")
    private String prompt;

    @Option(
            names = {"-i", "--image"},
            description = "An image URL for --prompt (repeat for more).")
    private List<String> images = new ArrayList<>();

    @Option(names = "--keep-running", description = "Stay up after the requests finish (Ctrl-C stops).")
    private boolean keepRunning;

    @Option(
            names = "--generation-time",
            defaultValue = "3s",
            converter = DurationConverter.class,
            description = "How long the simulator takes per video (default: ${DEFAULT-VALUE}).")
    private Duration generationTime;

    @Option(
            names = "--timeout",
            defaultValue = "10m",
            converter = DurationConverter.class,
            description = "Give up (exit 1) when the requests are not all done by then (default: ${DEFAULT-VALUE}).")
    private Duration timeout;

    @Option(names = "--verbose", description = "Show the service's log lines too.")
    private boolean verbose;

    @Option(
            names = "--http-port",
            defaultValue = "0",
            description = "Port of the service's HTTP endpoint (health, metrics, request lookup); 0 for a free one.")
    private int httpPort;

    /** The environment; replaced in tests. */
    Map<String, String> environment = System.getenv();

    @Override
    public Integer call() throws Exception {
        final PrintWriter out = spec.commandLine().getOut();
        if (!verbose) {
            Files.createDirectories(dataDir);
            DemoLog.sendTo(dataDir.resolve("demo.log"));
            out.printf("Log lines go to %s (--verbose shows them here)%n", dataDir.resolve("demo.log"));
        }
        final boolean realApi = environment.get("SEEDANCE_API_KEY") != null;
        final String run = UUID.randomUUID().toString().substring(0, 8);
        try (ShutdownSignal stop = new ShutdownSignal(Duration.ofSeconds(30));
                EmbeddedKafka broker = EmbeddedKafka.start(dataDir.resolve("kafka"));
                LocalSchemaRegistryServer registry = LocalSchemaRegistryServer.start(dataDir.resolve("schemas.jsonl"));
                SeedanceSimulator simulator = realApi
                        ? null
                        : SeedanceSimulator.start(SimulatorConfig.builder()
                                .apiKeys(Set.of(SIMULATOR_KEY))
                                .generationTime(generationTime)
                                .generationSpread(generationTime.dividedBy(3))
                                .queueTime(Duration.ofMillis(500))
                                .build())) {
            out.printf("Kafka broker (KRaft) at %s, data in %s%n", broker.bootstrapServers(), dataDir);
            out.println(
                    realApi
                            ? "Seedance API: the real one (SEEDANCE_API_KEY is set)"
                            : "Seedance API: the simulator at " + simulator.baseUrl());
            out.flush();
            out.println("Schema registry (Confluent API) at " + registry.url());
            if (httpPort == 0) {
                httpPort = EmbeddedKafka.freePort();
            }
            out.printf("Service endpoint at http://127.0.0.1:%d (/health/ready, /metrics, /requests/<id>)%n", httpPort);
            final ServiceConfig config =
                    ServiceConfig.load(serviceEnvironment(broker, registry, simulator, realApi), Map.of());
            final SeedanceService service = ServiceRunner.start(config, new HttpSeedanceClient(config.clientConfig()));
            int code = 1;
            try {
                final Map<String, VideoRequest> requests = DemoRequests.of(run, prompt, images);
                send(config, requests.values());
                code = follow(service, config, requests, stop, out) ? 0 : 1;
                if (keepRunning && code == 0) {
                    out.printf(
                            "Still running: KAFKA_BOOTSTRAP_SERVERS=%s SCHEMA_REGISTRY_URL=%s (try the submit and"
                                    + " watch commands). Ctrl-C stops.%n",
                            broker.bootstrapServers(), registry.url());
                    out.flush();
                    while (!stop.awaitRequest(Duration.ofDays(1))) {
                        // Up until Ctrl-C.
                    }
                }
            } finally {
                service.close(Duration.ofSeconds(30));
                stop.close(code);
            }
            return code;
        }
    }

    private Map<String, String> serviceEnvironment(
            final EmbeddedKafka broker,
            final LocalSchemaRegistryServer registry,
            final SeedanceSimulator simulator,
            final boolean realApi) {
        final Map<String, String> env = new HashMap<>();
        env.put("KAFKA_BOOTSTRAP_SERVERS", broker.bootstrapServers());
        env.put("SCHEMA_REGISTRY_URL", registry.url());
        env.put("APPLICATION_ID", "seedance-demo");
        env.put("STATE_DIR", dataDir.resolve("state").toString());
        env.put("ADVERTISED_HOST", "127.0.0.1");
        env.put("HTTP_PORT", Integer.toString(httpPort));
        env.put("TOPICS_PARTITIONS", "3");
        env.put("KAFKA_COMMIT_INTERVAL_MS", "100");
        // The demo keeps every video (run does only when told): in the data directory, served at /videos/.
        env.put("STORAGE_TYPE", environment.getOrDefault("STORAGE_TYPE", "filesystem"));
        env.put("STORAGE_DIR", dataDir.resolve("videos").toString());
        if (realApi) {
            env.put("SEEDANCE_API_KEY", environment.get("SEEDANCE_API_KEY"));
            if (environment.get("SEEDANCE_BASE_URL") != null) {
                env.put("SEEDANCE_BASE_URL", environment.get("SEEDANCE_BASE_URL"));
            }
        } else {
            env.put("SEEDANCE_API_KEY", SIMULATOR_KEY);
            env.put("SEEDANCE_BASE_URL", simulator.baseUrl().toString());
            env.put("UPSTREAM_SUBMITS_PER_MINUTE", "600");
            env.put("POLL_FIRST_DELAY", "1s");
            env.put("POLL_INTERVAL", "1s");
            env.put("POLL_MAX_INTERVAL", "2s");
        }
        return env;
    }

    private static void send(final ServiceConfig config, final Collection<VideoRequest> requests) throws Exception {
        final Map<String, Object> producer = new HashMap<>(config.serdeConfig());
        producer.put("bootstrap.servers", config.bootstrapServers());
        producer.put("key.serializer", StringSerializer.class.getName());
        producer.put("value.serializer", AvroSerializer.class.getName());
        try (KafkaProducer<String, VideoRequest> client = new KafkaProducer<>(producer)) {
            for (final VideoRequest request : requests) {
                client.send(new ProducerRecord<>(config.topics().requests(), request.getRequestId(), request))
                        .get();
            }
        }
    }

    /** Prints each request's state as it changes, until all are terminal; false on timeout or stop. */
    private boolean follow(
            final SeedanceService service,
            final ServiceConfig config,
            final Map<String, VideoRequest> requests,
            final ShutdownSignal stop,
            final PrintWriter out)
            throws Exception {
        final Map<String, Object> consumer = new HashMap<>(config.serdeConfig());
        consumer.put("bootstrap.servers", config.bootstrapServers());
        consumer.put("group.id", "seedance-demo-" + UUID.randomUUID());
        consumer.put("auto.offset.reset", "earliest");
        consumer.put("isolation.level", "read_committed");
        consumer.put("key.deserializer", StringDeserializer.class.getName());
        consumer.put("value.deserializer", AvroDeserializer.class.getName());
        consumer.put("specific.avro.reader", true);
        final long started = System.nanoTime();
        final DemoProgress progress = new DemoProgress();
        final Map<String, String> finished = new LinkedHashMap<>();
        try (KafkaConsumer<String, SpecificRecord> results = new KafkaConsumer<>(consumer)) {
            results.subscribe(
                    List.of(config.topics().completed(), config.topics().failed()));
            while (finished.size() < requests.size()) {
                if (stop.awaitRequest(Duration.ZERO) || System.nanoTime() - started > timeout.toNanos()) {
                    out.printf("Stopped with %d of %d requests done.%n", finished.size(), requests.size());
                    return false;
                }
                results.poll(Duration.ofMillis(250)).forEach(record -> {
                    if (requests.containsKey(record.key())) {
                        finished.put(record.key(), outcome(record.value()));
                    }
                });
                for (final String id : requests.keySet()) {
                    final Optional<String> line = progress.update(
                            id, service.task(id).map(Task::phase), Optional.ofNullable(finished.get(id)));
                    if (line.isPresent()) {
                        out.printf("[%6.1fs] %-22s %s%n", (System.nanoTime() - started) / 1e9, id, line.get());
                        out.flush();
                    }
                }
            }
        }
        out.printf("All %d requests are done in %.1f s.%n", requests.size(), (System.nanoTime() - started) / 1e9);
        out.flush();
        return true;
    }

    private static String outcome(final SpecificRecord result) {
        if (result instanceof VideoCompleted completed) {
            return "COMPLETED "
                    + (completed.getStoredVideoUrl() != null ? completed.getStoredVideoUrl() : completed.getVideoUrl());
        }
        final VideoFailed failed = (VideoFailed) result;
        return "FAILED " + failed.getError() + ": " + failed.getMessage();
    }
}
