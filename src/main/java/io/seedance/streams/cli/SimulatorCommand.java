package io.seedance.streams.cli;

import io.seedance.streams.service.ShutdownSignal;
import io.seedance.streams.simulator.RateWindow;
import io.seedance.streams.simulator.SeedanceSimulator;
import io.seedance.streams.simulator.SimulatorConfig;
import io.seedance.streams.simulator.SimulatorTls;
import io.seedance.streams.simulator.StatusVocabulary;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code simulator}: the Seedance API simulator on its own port, until stopped (Ctrl-C or SIGTERM). */
@Command(
        name = "simulator",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        abbreviateSynopsis = true,
        description = "Run the Seedance API simulator on its own port, with its limits and faults.")
final class SimulatorCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Option(
            names = "--host",
            defaultValue = "127.0.0.1",
            description = "Address to listen on (default: ${DEFAULT-VALUE}).")
    private String host;

    @Option(
            names = "--port",
            defaultValue = "8090",
            description = "Port to listen on; 0 for any free port (default: ${DEFAULT-VALUE}).")
    private int port;

    @Option(
            names = "--public-url",
            defaultValue = "${env:SIMULATOR_PUBLIC_URL:-}",
            description = "Where clients reach this simulator, for the video links it hands out "
                    + "(env SIMULATOR_PUBLIC_URL; default: its own address).")
    private String publicUrl;

    @Option(
            names = "--api-key",
            split = ",",
            defaultValue = "${env:SIMULATOR_API_KEYS:-" + SimulatorConfig.DEFAULT_API_KEY + "}",
            description = "Accepted API keys, comma-separated (env SIMULATOR_API_KEYS; default: "
                    + SimulatorConfig.DEFAULT_API_KEY + ").")
    private List<String> apiKeys;

    @Option(
            names = "--seed",
            defaultValue = "42",
            description = "Seed of every random choice (default: ${DEFAULT-VALUE}).")
    private long seed;

    @Option(
            names = "--queue-time",
            defaultValue = "300ms",
            converter = DurationConverter.class,
            description = "Time a task stays queued before it runs (default: ${DEFAULT-VALUE}).")
    private Duration queueTime;

    @Option(
            names = "--generation-time",
            defaultValue = "2s",
            converter = DurationConverter.class,
            description = "Time from creation to a finished task (default: ${DEFAULT-VALUE}).")
    private Duration generationTime;

    @Option(
            names = "--generation-spread",
            defaultValue = "0ms",
            converter = DurationConverter.class,
            description = "Each task's generation time varies by up to this, either way (default: ${DEFAULT-VALUE}).")
    private Duration generationSpread;

    @Option(
            names = "--failure-rate",
            defaultValue = "0",
            description = "Share of tasks that end failed, 0..1 (default: ${DEFAULT-VALUE}).")
    private double failureRate;

    @Option(
            names = "--failure-reason",
            defaultValue = "The generation failed: content could not be rendered",
            description = "status_reason.message of failed tasks.")
    private String failureReason;

    @Option(
            names = "--rpm",
            defaultValue = "0",
            description = "Generate requests per minute per key; 0 = unlimited (default: ${DEFAULT-VALUE}).")
    private int generateRpm;

    @Option(
            names = "--rate-window",
            defaultValue = "SECOND",
            description = "How --rpm and --query-rpm are counted: SECOND (strict windows of R/60 a second) or "
                    + "MINUTE (at most R in any sixty seconds) (default: ${DEFAULT-VALUE}).")
    private RateWindow rateWindow;

    @Option(
            names = "--query-rpm",
            defaultValue = "0",
            description = "Query requests per minute per key; 0 = unlimited (default: ${DEFAULT-VALUE}).")
    private int queryRpm;

    @Option(
            names = "--max-in-flight",
            defaultValue = "0",
            description = "Unfinished tasks per key; 0 = unlimited (default: ${DEFAULT-VALUE}).")
    private int maxInFlight;

    @Option(
            names = "--error-rate",
            defaultValue = "0",
            description = "Share of calls answered 500, 0..1 (default: ${DEFAULT-VALUE}).")
    private double errorRate;

    @Option(
            names = "--latency",
            defaultValue = "0ms",
            converter = DurationConverter.class,
            description = "Added to every answer (default: ${DEFAULT-VALUE}).")
    private Duration latency;

    @Option(
            names = "--latency-jitter",
            defaultValue = "0ms",
            converter = DurationConverter.class,
            description = "Up to this much more, at random (default: ${DEFAULT-VALUE}).")
    private Duration latencyJitter;

    @Option(
            names = "--hang-rate",
            defaultValue = "0",
            description = "Share of calls never answered, 0..1 (default: ${DEFAULT-VALUE}).")
    private double hangRate;

    @Option(
            names = "--hang-for",
            defaultValue = "5m",
            converter = DurationConverter.class,
            description =
                    "How long a hanging call is held before its connection is dropped (default: ${DEFAULT-VALUE}).")
    private Duration hangFor;

    @Option(
            names = "--video-bytes",
            defaultValue = "0",
            description = "Size of each video served: a real, playable MP4 padded to this size; 0 for the MP4 as it"
                    + " is, about 3 KB (default: ${DEFAULT-VALUE}).")
    private long videoBytes;

    @Option(
            names = "--price-per-second",
            defaultValue = "0.1",
            description = "Credits charged per second of video, the consumed of each successful task"
                    + " (default: ${DEFAULT-VALUE}).")
    private double pricePerSecond;

    @Option(
            names = "--task-retention",
            defaultValue = "7d",
            converter = DurationConverter.class,
            description = "How long a finished task can still be queried before it is forgotten, as the real API"
                    + " forgets tasks (default: ${DEFAULT-VALUE}).")
    private Duration taskRetention;

    @Option(
            names = "--malformed-rate",
            defaultValue = "0",
            description = "Share of calls answered with a non-JSON body, 0..1 (default: ${DEFAULT-VALUE}).")
    private double malformedRate;

    @Option(
            names = "--not-found-for",
            defaultValue = "0ms",
            converter = DurationConverter.class,
            description = "Queries of a task younger than this answer 404 (default: ${DEFAULT-VALUE}).")
    private Duration notFoundFor;

    @Option(
            names = "--vocabulary",
            defaultValue = "DEFAPI",
            description = "Status words: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}).")
    private StatusVocabulary vocabulary;

    @Option(names = "--no-callbacks", negatable = false, description = "Never POST to callback_url.")
    private boolean noCallbacks;

    @Option(
            names = "--tls-keystore",
            description = "Serve HTTPS with the key and certificate chain of this PKCS12 key store"
                    + " (default: plain HTTP).")
    private Path tlsKeyStore;

    @Option(
            names = "--tls-keystore-password",
            defaultValue = "${env:SIMULATOR_TLS_KEYSTORE_PASSWORD}",
            description = "The key store's password (default: the environment variable"
                    + " SIMULATOR_TLS_KEYSTORE_PASSWORD).")
    private String tlsKeyStorePassword;

    SimulatorConfig config() {
        return SimulatorConfig.builder()
                .host(host)
                .port(port)
                .publicUrl(publicUrl)
                .apiKeys(new LinkedHashSet<>(apiKeys))
                .seed(seed)
                .queueTime(queueTime)
                .generationTime(generationTime)
                .generationSpread(generationSpread)
                .failureRate(failureRate)
                .failureReason(failureReason)
                .generateRequestsPerMinute(generateRpm)
                .rateWindow(rateWindow)
                .queryRequestsPerMinute(queryRpm)
                .maxTasksInFlight(maxInFlight)
                .errorRate(errorRate)
                .latency(latency)
                .latencyJitter(latencyJitter)
                .hangRate(hangRate)
                .hangFor(hangFor)
                .videoBytes(videoBytes)
                .pricePerSecond(pricePerSecond)
                .taskRetention(taskRetention)
                .malformedRate(malformedRate)
                .notFoundAfterCreation(notFoundFor)
                .vocabulary(vocabulary)
                .callbacks(!noCallbacks)
                .build();
    }

    private Optional<SimulatorTls> tls() {
        if (tlsKeyStore == null) {
            return Optional.empty();
        }
        if (tlsKeyStorePassword == null || tlsKeyStorePassword.isEmpty()) {
            throw new IllegalArgumentException(
                    "--tls-keystore needs --tls-keystore-password (or SIMULATOR_TLS_KEYSTORE_PASSWORD)");
        }
        return Optional.of(new SimulatorTls(tlsKeyStore, tlsKeyStorePassword));
    }

    @Override
    public Integer call() throws InterruptedException {
        final SimulatorConfig config;
        final SeedanceSimulator simulator;
        try {
            config = config();
            simulator = SeedanceSimulator.start(config, Clock.systemUTC(), tls());
        } catch (final IllegalArgumentException e) {
            spec.commandLine().getErr().println("seedance-streams simulator: " + e.getMessage());
            return Main.EXIT_CONFIG;
        }
        try (simulator;
                ShutdownSignal stop = new ShutdownSignal(Duration.ofSeconds(5))) {
            final PrintWriter out = spec.commandLine().getOut();
            out.println("Seedance simulator listening on " + simulator.baseUrl() + " ("
                    + config.apiKeys().size() + " API key(s) accepted); Ctrl-C stops it.");
            out.flush();
            while (!stop.awaitRequest(Duration.ofDays(1))) {
                // Runs until stopped.
            }
        }
        return Main.EXIT_OK;
    }
}
