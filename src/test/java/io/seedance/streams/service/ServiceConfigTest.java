package io.seedance.streams.service;

import static org.assertj.core.api.Assertions.as;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.seedance.streams.schemas.Priority;
import io.seedance.streams.testing.TestCertificates;
import io.seedance.streams.topology.BudgetPrices;
import io.seedance.streams.topology.Levels;
import io.seedance.streams.topology.ProcessorConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.streams.StreamsConfig;
import org.assertj.core.api.InstanceOfAssertFactories;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ServiceConfigTest {

    private static final String SECRET = "dk-super-secret-key";

    private static Map<String, String> minimal() {
        return new HashMap<>(Map.of(
                "KAFKA_BOOTSTRAP_SERVERS",
                "broker:9092",
                "SCHEMA_REGISTRY_URL",
                "http://registry:8081",
                "SEEDANCE_API_KEY",
                SECRET));
    }

    @Test
    void shouldStartFromTheThreeRequiredVariablesWithDocumentedDefaults() {
        final ServiceConfig config = ServiceConfig.load(minimal(), Map.of());

        assertThat(config.bootstrapServers()).isEqualTo("broker:9092");
        assertThat(config.serdeConfig()).containsEntry("schema.registry.url", "http://registry:8081");
        assertThat(config.clientConfig().baseUrl()).hasToString("https://api.defapi.org");
        assertThat(config.apiKey().matches(SECRET)).isTrue();
        assertThat(config.topics().requests()).isEqualTo("video-requests");
        assertThat(config.processor()).isEqualTo(ProcessorConfig.builder().build());
        assertThat(config.serviceSettings().applicationId()).isEqualTo("seedance-streams");
        assertThat(config.serviceSettings().endpoint()).endsWith(":8080");
    }

    @Test
    void shouldListEveryBadKeyAtOnceWithItsVariable() {
        final Map<String, String> env =
                Map.of("POLL_JITTER", "1.5", "TASK_DEADLINE", "soon", "HTTP_PORT", "0", "SEEDANCE_BASE_URL", "ftp://x");

        assertThatThrownBy(() -> ServiceConfig.load(env, Map.of()))
                .isInstanceOfSatisfying(
                        InvalidConfigurationException.class,
                        e -> assertThat(e.problems()).hasSize(7))
                .hasMessageContaining("kafka.bootstrap.servers (KAFKA_BOOTSTRAP_SERVERS)")
                .hasMessageContaining("schema.registry.url (SCHEMA_REGISTRY_URL)")
                .hasMessageContaining(
                        "seedance.api.key (SEEDANCE_API_KEY) or seedance.api.key.file (SEEDANCE_API_KEY_FILE)")
                .hasMessageContaining("poll.jitter (POLL_JITTER)")
                .hasMessageContaining("task.deadline (TASK_DEADLINE)")
                .hasMessageContaining("http.port (HTTP_PORT)")
                .hasMessageContaining("seedance.base.url (SEEDANCE_BASE_URL)");
    }

    @Test
    void shouldRefuseEveryUrlKeyThatIsNotAUrl() {
        final Map<String, String> env = minimal();
        env.put("SCHEMA_REGISTRY_URL", "not a url");
        env.put("SEEDANCE_BASE_URL", "api.defapi.org");
        env.put("WEBHOOK_BASE_URL", "localhost:8080");
        env.put("WEBHOOK_SECRET", "a-webhook-secret-of-some-length");

        assertThatThrownBy(() -> ServiceConfig.load(env, Map.of()))
                .isInstanceOfSatisfying(
                        InvalidConfigurationException.class,
                        e -> assertThat(e.problems()).hasSize(3))
                .hasMessageContaining("schema.registry.url (SCHEMA_REGISTRY_URL)")
                .hasMessageContaining("seedance.base.url (SEEDANCE_BASE_URL)")
                .hasMessageContaining("webhook.base.url (WEBHOOK_BASE_URL)");
        env.put("SCHEMA_REGISTRY_URL", "http://registry-a:8081, https://registry-b");
        env.put("SEEDANCE_BASE_URL", "http://simulator:8090");
        env.put("WEBHOOK_BASE_URL", "https://hooks.example.com/seedance");
        assertThat(ServiceConfig.load(env, Map.of()).serdeConfig())
                .containsEntry("schema.registry.url", "http://registry-a:8081,https://registry-b");
        env.put("SCHEMA_REGISTRY_URL", "mock://demo");
        assertThat(ServiceConfig.load(env, Map.of()).serdeConfig()).containsEntry("schema.registry.url", "mock://demo");
    }

    @Test
    void shouldReadTheLevelsAndRefuseReservedSeatsAboveAllTheSeats() {
        final Map<String, String> env = minimal();
        env.put("LEVEL_BATCH_SHARE", "10");
        env.put("LEVEL_STANDARD_RESERVED_SEATS", "30");

        final Levels levels = ServiceConfig.load(env, Map.of()).processor().levels();
        assertThat(levels.share(Priority.BATCH)).isEqualTo(10);
        assertThat(levels.reservedSeats(Priority.STANDARD, 100)).isEqualTo(30);
        assertThat(levels.reservedSeats(Priority.INTERACTIVE, 100)).isEqualTo(20);

        env.put("LEVEL_BATCH_RESERVED_SEATS", "60");
        assertThatThrownBy(() -> ServiceConfig.load(env, Map.of()))
                .isInstanceOfSatisfying(
                        InvalidConfigurationException.class,
                        e -> assertThat(e.problems()).hasSize(1))
                .hasMessageContaining("level.batch.reserved.seats (LEVEL_BATCH_RESERVED_SEATS)")
                .hasMessageContaining("add up to 110%");
        env.put("LEVEL_BATCH_RESERVED_SEATS", "101");
        env.put("LEVEL_STANDARD_SHARE", "0");
        assertThatThrownBy(() -> ServiceConfig.load(env, Map.of()))
                .isInstanceOfSatisfying(
                        InvalidConfigurationException.class,
                        e -> assertThat(e.problems()).hasSize(2))
                .hasMessageContaining("level.standard.share (LEVEL_STANDARD_SHARE)")
                .hasMessageContaining("level.batch.reserved.seats (LEVEL_BATCH_RESERVED_SEATS)");
    }

    @Test
    void shouldReadTheBudgetPricesAndNameABadOne() {
        final Map<String, String> env = minimal();
        env.put("BUDGET_PRICE_PER_SECOND", "0.12");
        env.put("BUDGET_MODEL_PRICES", "seedance-2.0-fast=0.05, seedance-2.0=0.1");

        final BudgetPrices prices =
                ServiceConfig.load(env, Map.of()).processor().prices();
        assertThat(prices.perSecond()).isEqualTo(120_000);
        assertThat(prices.byModel())
                .containsEntry("seedance-2.0-fast", 50_000L)
                .containsEntry("seedance-2.0", 100_000L);

        env.put("BUDGET_PRICE_PER_SECOND", "-1");
        env.put("BUDGET_MODEL_PRICES", "seedance-2.0");
        assertThatThrownBy(() -> ServiceConfig.load(env, Map.of()))
                .isInstanceOfSatisfying(
                        InvalidConfigurationException.class,
                        e -> assertThat(e.problems()).hasSize(2))
                .hasMessageContaining("budget.price.per.second (BUDGET_PRICE_PER_SECOND)")
                .hasMessageContaining("credits cannot be negative")
                .hasMessageContaining("budget.model.prices (BUDGET_MODEL_PRICES)")
                .hasMessageContaining("expected model=credits, got 'seedance-2.0'");
    }

    @Test
    void shouldNameWhatAStorageConfigurationLacks() {
        final Map<String, String> env = minimal();
        env.put("STORAGE_TYPE", "s3");
        env.put("STORAGE_S3_ACCESS_KEY_ID", "AKIAEXAMPLE");
        assertThatThrownBy(() -> ServiceConfig.load(env, Map.of()))
                .isInstanceOfSatisfying(
                        InvalidConfigurationException.class,
                        e -> assertThat(e.problems()).hasSize(2))
                .hasMessageContaining("storage.s3.bucket (STORAGE_S3_BUCKET): required when storage.type")
                .hasMessageContaining("storage.s3.secret.access.key (STORAGE_S3_SECRET_ACCESS_KEY): set both");

        env.put("STORAGE_TYPE", "ftp");
        assertThatThrownBy(() -> ServiceConfig.load(env, Map.of())).hasMessageContaining("storage.type (STORAGE_TYPE)");

        env.put("STORAGE_TYPE", "s3");
        env.put("STORAGE_S3_BUCKET", "videos");
        env.put("STORAGE_S3_SECRET_ACCESS_KEY", "a-secret-never-printed");
        assertThat(ServiceConfig.load(env, Map.of()).videoCopier()).isPresent();
        env.put("STORAGE_TYPE", "none");
        assertThat(ServiceConfig.load(env, Map.of()).videoCopier()).isEmpty();
    }

    @Test
    void shouldNeverPrintTheApiKeyInAnError() {
        final Map<String, String> env = minimal();
        env.put("SEEDANCE_API_KEY", SECRET + " with a space");

        assertThatThrownBy(() -> ServiceConfig.load(env, Map.of()))
                .hasMessageContaining("SEEDANCE_API_KEY")
                .hasMessageNotContaining(SECRET);
    }

    @Test
    void shouldReadTheKeyFromAFileAndRefuseBoth(@TempDir final Path dir) throws IOException {
        final Path file = Files.writeString(dir.resolve("key"), SECRET + "\n");
        final Map<String, String> env = minimal();
        env.remove("SEEDANCE_API_KEY");
        env.put("SEEDANCE_API_KEY_FILE", file.toString());

        assertThat(ServiceConfig.load(env, Map.of()).apiKey().matches(SECRET)).isTrue();
        env.put("SEEDANCE_API_KEY", SECRET);
        assertThatThrownBy(() -> ServiceConfig.load(env, Map.of())).hasMessageContaining("exactly one");
    }

    @Test
    void shouldTrustTheUpstreamsAuthoritiesFromAPemFileAndRefuseAFileWithoutCertificates(@TempDir final Path dir)
            throws IOException {
        final Map<String, String> env = minimal();
        assertThat(ServiceConfig.load(env, Map.of()).clientConfig().trusted())
                .as("the JDK's authorities unless told")
                .isEmpty();

        final Path authority = TestCertificates.authority(dir, "upstream-ca").certificatePem();
        env.put("SEEDANCE_CA_FILE", authority.toString());
        assertThat(ServiceConfig.load(env, Map.of()).clientConfig().trusted())
                .hasValueSatisfying(trusted -> assertThat(trusted.size()).isEqualTo(1));

        env.put(
                "SEEDANCE_CA_FILE",
                Files.writeString(dir.resolve("key.pem"), "not a certificate").toString());
        assertThatThrownBy(() -> ServiceConfig.load(env, Map.of()))
                .isInstanceOfSatisfying(
                        InvalidConfigurationException.class,
                        e -> assertThat(e.problems())
                                .singleElement(as(InstanceOfAssertFactories.STRING))
                                .startsWith("seedance.ca.file (SEEDANCE_CA_FILE): " + dir.resolve("key.pem") + " ")
                                .doesNotContain("\n"));
        env.put("SEEDANCE_CA_FILE", dir.resolve("missing.pem").toString());
        assertThatThrownBy(() -> ServiceConfig.load(env, Map.of()))
                .hasMessageContaining(
                        "seedance.ca.file (SEEDANCE_CA_FILE): " + dir.resolve("missing.pem") + " does not exist");
    }

    @Test
    void shouldRefuseAnS3CaFileThatCannotBeRead(@TempDir final Path dir) {
        final Map<String, String> env = minimal();
        env.put("STORAGE_TYPE", "s3");
        env.put("STORAGE_S3_BUCKET", "videos");
        env.put("STORAGE_S3_CA_FILE", dir.resolve("missing.pem").toString());

        assertThatThrownBy(() -> ServiceConfig.load(env, Map.of()))
                .isInstanceOfSatisfying(
                        InvalidConfigurationException.class,
                        e -> assertThat(e.problems())
                                .containsExactly("storage.s3.ca.file (STORAGE_S3_CA_FILE): "
                                        + dir.resolve("missing.pem") + " does not exist"));
    }

    @Test
    void shouldPassTheRegistrysTrustStoreToTheSerdeAndRefuseOneThatCannotBeOpened(@TempDir final Path dir) {
        final Path trustStore = TestCertificates.authority(dir, "registry-ca").trustStore();
        final Map<String, String> env = minimal();
        env.put("SCHEMA_REGISTRY_SSL_TRUSTSTORE_LOCATION", trustStore.toString());
        env.put("SCHEMA_REGISTRY_SSL_TRUSTSTORE_PASSWORD", TestCertificates.PASSWORD);

        assertThat(ServiceConfig.load(env, Map.of()).serdeConfig())
                .containsEntry("schema.registry.ssl.truststore.location", trustStore.toString())
                .containsEntry("schema.registry.ssl.truststore.type", "PKCS12");

        env.put("SCHEMA_REGISTRY_SSL_TRUSTSTORE_PASSWORD", "wrong-store-password");
        assertThatThrownBy(() -> ServiceConfig.load(env, Map.of()))
                .isInstanceOfSatisfying(
                        InvalidConfigurationException.class,
                        e -> assertThat(e.problems())
                                .singleElement(as(InstanceOfAssertFactories.STRING))
                                .startsWith(
                                        "schema.registry.ssl.truststore.location (SCHEMA_REGISTRY_SSL_TRUSTSTORE_LOCATION):"
                                                + " the registry's trust store " + trustStore + " cannot be opened")
                                .doesNotContain("wrong-store-password"));
    }

    @Test
    void shouldHoldAllStoresToTheStateMemoryBudget() {
        final Map<String, String> env = minimal();
        final Properties defaults = SeedanceService.streamsProperties(
                ServiceConfig.load(env, Map.of()).serviceSettings());
        env.put("STATE_MEMORY_MB", "256");
        final Properties chosen = SeedanceService.streamsProperties(
                ServiceConfig.load(env, Map.of()).serviceSettings());

        assertThat(defaults)
                .containsEntry(StreamsConfig.ROCKSDB_CONFIG_SETTER_CLASS_CONFIG, StoreMemoryBudget.class)
                .containsEntry(StoreMemoryBudget.BUDGET_CONFIG, 64L << 20);
        assertThat(chosen).containsEntry(StoreMemoryBudget.BUDGET_CONFIG, 256L << 20);
        env.put("STATE_MEMORY_MB", "4");
        assertThatThrownBy(() -> ServiceConfig.load(env, Map.of()))
                .hasMessageContaining("state.memory.mb (STATE_MEMORY_MB)");
    }

    @Test
    void shouldKeepStandbyReplicasUnlessTold() {
        final Map<String, String> env = minimal();
        assertThat(SeedanceService.streamsProperties(
                        ServiceConfig.load(env, Map.of()).serviceSettings()))
                .containsEntry(StreamsConfig.NUM_STANDBY_REPLICAS_CONFIG, 1);
        env.put("STANDBY_REPLICAS", "0");
        assertThat(SeedanceService.streamsProperties(
                        ServiceConfig.load(env, Map.of()).serviceSettings()))
                .containsEntry(StreamsConfig.NUM_STANDBY_REPLICAS_CONFIG, 0);
        env.put("STANDBY_REPLICAS", "-1");
        assertThatThrownBy(() -> ServiceConfig.load(env, Map.of()))
                .hasMessageContaining("standby.replicas (STANDBY_REPLICAS)");
    }

    @Test
    void shouldPassKafkaClientSettingsThrough() {
        final Map<String, String> env = minimal();
        env.put("KAFKA_SECURITY_PROTOCOL", "SASL_SSL");
        env.put("KAFKA_SASL_MECHANISM", "PLAIN");
        env.put("KAFKA_HEAP_OPTS", "-Xmx1g");

        final ServiceConfig config = ServiceConfig.load(env, Map.of("kafka.num.stream.threads", "2"));

        assertThat(config.kafkaSettings())
                .containsEntry("security.protocol", "SASL_SSL")
                .containsEntry("sasl.mechanism", "PLAIN")
                .containsEntry("num.stream.threads", "2")
                .doesNotContainKey("heap.opts")
                .doesNotContainKey("bootstrap.servers");
    }

    @Test
    void shouldLetTheEnvironmentOverrideThePropertiesFile(@TempDir final Path dir) throws IOException {
        final Path file = Files.writeString(
                dir.resolve("service.properties"),
                "upstream.submits.per.minute=90\npoll.first.delay=20s\ntopics.requests=my-requests\n");
        final Map<String, String> env = minimal();
        env.put("UPSTREAM_SUBMITS_PER_MINUTE", "120");

        final ServiceConfig config = ServiceConfig.load(env, ConfigSources.readProperties(file));

        assertThat(config.processor().submitsPerMinute()).isEqualTo(120);
        assertThat(config.processor().firstPollDelay()).isEqualTo(Duration.ofSeconds(20));
        assertThat(config.topics().requests()).isEqualTo("my-requests");
        assertThatThrownBy(() -> ConfigSources.readProperties(dir.resolve("missing.properties")))
                .hasMessageContaining("cannot be read");
    }

    /**
     * docs/configuration.md holds the table that {@link ConfigKeys} makes, verbatim. After a change of
     * a key, {@code mvn test -Dtest=ServiceConfigTest -Dconfig.reference.write=true} writes it there.
     */
    @Test
    void configurationReferenceShouldBeTheGeneratedTable() throws IOException {
        final Path reference = Path.of("docs", "configuration.md");
        final String document = Files.readString(reference);
        final String begin = "<!-- generated from ConfigKeys: begin -->\n";
        final String end = "<!-- generated from ConfigKeys: end -->";
        final int from = document.indexOf(begin) + begin.length();
        final int to = document.indexOf(end);
        assertThat(from).as("markers in %s", reference).isGreaterThanOrEqualTo(begin.length());
        if (Boolean.getBoolean("config.reference.write")) {
            Files.writeString(
                    reference, document.substring(0, from) + ConfigKeys.referenceTable() + document.substring(to));
            return;
        }

        assertThat(document.substring(from, to)).isEqualTo(ConfigKeys.referenceTable());
    }

    @Test
    void shouldReportEveryBadValueOfEveryKeyAsAConfigurationErrorNamingIt() {
        for (final ConfigKey<?> key : ConfigKeys.ALL) {
            for (final String bad : List.of("0", "-1", "0s", "-5s", "1.5", "soon", "")) {
                final Map<String, String> env = minimal();
                env.put(key.environmentVariable(), bad);
                try {
                    final ServiceConfig config = ServiceConfig.load(env, Map.of());
                    // Accepted: then everything built from it must build.
                    config.processor();
                    config.clientConfig();
                    config.serviceSettings();
                } catch (final InvalidConfigurationException e) {
                    assertThat(e.getMessage())
                            .as("%s=%s", key.environmentVariable(), bad)
                            .contains(key.environmentVariable())
                            .doesNotContain(SECRET);
                }
            }
        }
    }

    @Test
    void shouldRefuseAZeroClientTimeoutAtStart() {
        final Map<String, String> env = minimal();
        env.put("SEEDANCE_CONNECT_TIMEOUT", "0s");

        assertThatThrownBy(() -> ServiceConfig.load(env, Map.of()))
                .isInstanceOf(InvalidConfigurationException.class)
                .hasMessageContaining("seedance.connect.timeout (SEEDANCE_CONNECT_TIMEOUT): must be positive");
    }

    @Test
    void shouldReportProcessorRulesAndWebhookProblemsTogether() {
        final Map<String, String> env = minimal();
        env.put("WEBHOOK_BASE_URL", "https://hooks.example.com");
        env.put("WEBHOOK_SECRET", "too-short");
        env.put("POLL_INTERVAL", "0s");

        assertThatThrownBy(() -> ServiceConfig.load(env, Map.of()))
                .isInstanceOfSatisfying(
                        InvalidConfigurationException.class,
                        e -> assertThat(e.problems()).hasSize(2))
                .hasMessageContaining("webhook.secret (WEBHOOK_SECRET): must have at least 16 characters")
                .hasMessageContaining("poll.interval (POLL_INTERVAL): must be positive")
                .hasMessageNotContaining("too-short");
    }

    @Test
    void shouldStillReadTheFormerNameOfTheWebhookFirstPollDelay() {
        final Map<String, String> env = minimal();
        env.put("POLL_FIRST_DELAY_WITH_WEBHOOKS", "90s");
        assertThat(ServiceConfig.load(env, Map.of()).processor().firstPollDelayWithCallbacks())
                .isEqualTo(Duration.ofSeconds(90));

        env.put("WEBHOOK_POLL_FIRST_DELAY", "2m");
        assertThat(ServiceConfig.load(env, Map.of()).processor().firstPollDelayWithCallbacks())
                .as("the current name wins")
                .isEqualTo(Duration.ofMinutes(2));
    }
}
