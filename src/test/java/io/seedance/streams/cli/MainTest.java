package io.seedance.streams.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.seedance.streams.schemas.Priority;
import io.seedance.streams.schemas.VideoRequest;
import io.seedance.streams.testing.TestCertificates;
import io.seedance.streams.upstream.ApiKey;
import io.seedance.streams.upstream.ApiOutcome;
import io.seedance.streams.upstream.GenerationRequest;
import io.seedance.streams.upstream.HttpSeedanceClient;
import io.seedance.streams.upstream.SeedanceClientConfig;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class MainTest {

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    @Test
    void shouldPrintUsageWithItsCommands() {
        assertThat(execute()).isZero();
        assertThat(out.toString()).contains("Usage: seedance-streams").contains("simulator");
    }

    @Test
    void shouldExitWith2OnAnUnknownCommand() {
        assertThat(execute("transmogrify")).isEqualTo(2);
        assertThat(err.toString()).contains("transmogrify");
    }

    @Test
    void shouldRefuseABadSimulatorOptionWithExitCode2() {
        assertThat(execute("simulator", "--error-rate", "2")).isEqualTo(2);
        assertThat(err.toString()).contains("errorRate");
        assertThat(execute("simulator", "--latency", "soon")).isEqualTo(2);
        assertThat(err.toString()).contains("not a duration");
    }

    @Test
    void shouldRefuseTheSimulatorsTlsKeyStoreInOneLineWhenItCannotBeOpened(@TempDir final Path dir) {
        final Path store = TestCertificates.authority(dir, "ca").serverKeyStore("simulator");

        assertThat(execute("simulator", "--port", "0", "--tls-keystore", store.toString()))
                .isEqualTo(2);
        assertThat(err.toString().strip())
                .isEqualTo("seedance-streams simulator: --tls-keystore needs --tls-keystore-password (or"
                        + " SIMULATOR_TLS_KEYSTORE_PASSWORD)");
        err.getBuffer().setLength(0);
        assertThat(execute(
                        "simulator",
                        "--port",
                        "0",
                        "--tls-keystore",
                        store.toString(),
                        "--tls-keystore-password",
                        "nope"))
                .isEqualTo(2);
        assertThat(err.toString().strip())
                .startsWith("seedance-streams simulator: the TLS key store " + store + " cannot be opened: ")
                .doesNotContain("\n")
                .doesNotContain("nope");
    }

    @Test
    void shouldRunTheSimulatorOnTheGivenPortUntilStopped() throws Exception {
        final int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        final AtomicInteger exit = new AtomicInteger(-1);
        final Thread running = new Thread(() -> exit.set(execute(
                "simulator",
                "--port",
                Integer.toString(port),
                "--api-key",
                "dk-a,dk-b",
                "--generation-time",
                "200ms")));
        running.start();
        final HttpSeedanceClient client = new HttpSeedanceClient(
                SeedanceClientConfig.of(ApiKey.of("dk-b")).withBaseUrl(URI.create("http://127.0.0.1:" + port)));

        await().atMost(Duration.ofSeconds(10))
                .until(() ->
                        client.generate(GenerationRequest.ofPrompt("waves")).get(5, TimeUnit.SECONDS)
                                instanceof ApiOutcome.Accepted);

        running.interrupt();
        running.join(5_000);
        assertThat(out.toString()).contains("listening on http://127.0.0.1:" + port);
    }

    @Test
    void shouldReadDurationsAsOperatorsWriteThem() {
        assertThat(new DurationConverter().convert("500ms")).isEqualTo(Duration.ofMillis(500));
        assertThat(new DurationConverter().convert("30s")).isEqualTo(Duration.ofSeconds(30));
        assertThat(new DurationConverter().convert("5m")).isEqualTo(Duration.ofMinutes(5));
        assertThat(new DurationConverter().convert("2h")).isEqualTo(Duration.ofHours(2));
        assertThat(new DurationConverter().convert("250")).isEqualTo(Duration.ofMillis(250));
        assertThat(new DurationConverter().convert("PT1M30S")).isEqualTo(Duration.ofSeconds(90));
    }

    private int execute(final String... args) {
        final CommandLine commandLine = Main.commandLine();
        commandLine.setOut(new PrintWriter(out, true));
        commandLine.setErr(new PrintWriter(err, true));
        return commandLine.execute(args);
    }

    @Test
    void runShouldExitWith2AndTheMessageOnABadConfiguration() {
        final StringWriter err = new StringWriter();
        final RunCommand run = new RunCommand();
        run.environment = Map.of("KAFKA_BOOTSTRAP_SERVERS", "broker:9092", "POLL_JITTER", "2");
        final CommandLine commandLine = new CommandLine(run);
        commandLine.setErr(new PrintWriter(err, true));

        assertThat(commandLine.execute()).isEqualTo(2);
        assertThat(err.toString())
                .contains("Invalid configuration")
                .contains("SCHEMA_REGISTRY_URL")
                .contains("POLL_JITTER")
                .contains("SEEDANCE_API_KEY");
    }

    @Test
    void runShouldExit1NamingTheBrokersWhenKafkaNeverAnswers() throws Exception {
        final int nobody;
        try (ServerSocket socket = new ServerSocket(0)) {
            nobody = socket.getLocalPort();
        }
        final StringWriter err = new StringWriter();
        final RunCommand run = new RunCommand();
        run.environment = Map.of(
                "KAFKA_BOOTSTRAP_SERVERS", "127.0.0.1:" + nobody,
                "SCHEMA_REGISTRY_URL", "mock://main-test",
                "SEEDANCE_API_KEY", "dk-main-test",
                "STARTUP_TIMEOUT", "2s");
        final CommandLine commandLine = new CommandLine(run);
        commandLine.setErr(new PrintWriter(err, true));

        assertThat(commandLine.execute()).isEqualTo(1);
        assertThat(err.toString())
                .contains("Kafka at 127.0.0.1:" + nobody + " did not answer within 2s")
                .contains("startup.timeout (STARTUP_TIMEOUT)")
                .doesNotContain("dk-main-test")
                .hasLineCount(1);
    }

    @Test
    void submitAndWatchShouldReachTheClusterWithTheServicesPassThroughAndRegistryCredentials() {
        final ClusterOptions cluster = new ClusterOptions();
        cluster.bootstrapServers = "broker:9093";
        cluster.schemaRegistryUrl = "https://registry:8081";
        cluster.environment = Map.of(
                "KAFKA_SECURITY_PROTOCOL", "SASL_SSL",
                "KAFKA_SASL_MECHANISM", "SCRAM-SHA-512",
                "KAFKA_HEAP_OPTS", "-Xmx1g",
                "SCHEMA_REGISTRY_BASIC_AUTH_USER_INFO", "svc:registry-password",
                "SCHEMA_REGISTRY_SSL_TRUSTSTORE_LOCATION", "/etc/registry-ca.p12",
                "SCHEMA_REGISTRY_SSL_TRUSTSTORE_PASSWORD", "store-password");

        final Map<String, Object> config = cluster.clientConfig();

        assertThat(config)
                .containsEntry("bootstrap.servers", "broker:9093")
                .containsEntry("security.protocol", "SASL_SSL")
                .containsEntry("sasl.mechanism", "SCRAM-SHA-512")
                .containsEntry("schema.registry.url", "https://registry:8081")
                .containsEntry("basic.auth.credentials.source", "USER_INFO")
                .containsEntry("basic.auth.user.info", "svc:registry-password")
                .containsEntry("schema.registry.ssl.truststore.location", "/etc/registry-ca.p12")
                .containsEntry("schema.registry.ssl.truststore.password", "store-password")
                .doesNotContainKey("heap.opts");
    }

    @Test
    void submitShouldCarryTheTenantAndPriority() {
        final SubmitCommand submit = new SubmitCommand();
        new CommandLine(submit).parseArgs("--prompt", "waves", "--tenant", "acme", "--priority", "INTERACTIVE");

        final VideoRequest request = submit.request("r-1");

        assertThat(request.getTenant()).isEqualTo("acme");
        assertThat(request.getPriority()).isEqualTo(Priority.INTERACTIVE);
        final SubmitCommand plain = new SubmitCommand();
        new CommandLine(plain).parseArgs("--prompt", "waves");
        assertThat(plain.request("r-2").getPriority())
                .as("not given: the service's default")
                .isNull();
    }
}
