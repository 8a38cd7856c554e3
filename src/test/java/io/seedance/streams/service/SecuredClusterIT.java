package io.seedance.streams.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.seedance.streams.cli.Main;
import io.seedance.streams.simulator.SeedanceSimulator;
import io.seedance.streams.simulator.SimulatorConfig;
import io.seedance.streams.testing.ApicurioRegistry;
import io.seedance.streams.testing.ChildJvm;
import io.seedance.streams.testing.RunEnvironment;
import io.seedance.streams.testing.SecuredKafkaCluster;
import io.seedance.streams.testing.SharedServices;
import io.seedance.streams.testing.TestCertificates;
import io.seedance.streams.topology.Topics;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import java.util.function.Predicate;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.common.acl.AccessControlEntry;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourcePattern;
import org.apache.kafka.common.resource.ResourceType;
import org.apache.kafka.tools.AclCommand;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * The service on a secured cluster: SASL_SSL with SCRAM-SHA-512 over TLS (a CA the test makes), an
 * authorizer, and for the service's principal exactly the ACLs of {@link ServiceAcls}. A producer
 * principal submits with the {@code submit} command; a watching principal sees the video come back
 * with {@code watch}.
 */
@ExtendWith(SharedServices.class)
@Timeout(300)
class SecuredClusterIT {

    private static final String KEY = "dk-secured";
    private static final String SERVICE = "seedance-svc";
    private static final String SERVICE_PASSWORD = "service-scram-secret";
    private static final String PRODUCER = "video-producer";
    private static final String PRODUCER_PASSWORD = "producer-scram-secret";
    private static final String WATCHER = "video-watcher";
    private static final String WATCHER_PASSWORD = "watcher-scram-secret";

    @TempDir
    static Path dir;

    private static SecuredKafkaCluster kafka;

    @BeforeAll
    static void startTheCluster() throws Exception {
        kafka = SecuredKafkaCluster.start(Files.createDirectories(dir.resolve("kafka")));
        kafka.addUser(SERVICE, SERVICE_PASSWORD);
        kafka.addUser(PRODUCER, PRODUCER_PASSWORD);
        kafka.addUser(WATCHER, WATCHER_PASSWORD);
    }

    @AfterAll
    static void stopTheCluster() {
        if (kafka != null) {
            kafka.close();
        }
    }

    @Test
    void shouldRefuseAWrongPasswordInOneLineWithExitCode2(final ApicurioRegistry registry) throws Exception {
        final Map<String, String> env =
                serviceEnvironment(registry, UUID.randomUUID().toString().substring(0, 8));
        env.putAll(kafka.clientEnvironment(SERVICE, "not-the-password"));

        try (ChildJvm service = ChildJvm.start(env, "run")) {
            assertThat(service.waitFor(90)).as(service.output()).isEqualTo(2);
            assertThat(lastLine(service))
                    .startsWith("seedance-streams run: Kafka at " + kafka.secureBootstrapServers()
                            + " refused the service's credentials (")
                    .endsWith("check KAFKA_SASL_MECHANISM and the user and password in KAFKA_SASL_JAAS_CONFIG");
            assertThat(service.output()).doesNotContain("not-the-password");
        }
    }

    @Test
    void shouldRefuseAnUntrustedBrokerCertificateInOneLineWithExitCode2(final ApicurioRegistry registry)
            throws Exception {
        final Map<String, String> env =
                serviceEnvironment(registry, UUID.randomUUID().toString().substring(0, 8));
        env.putAll(kafka.clientEnvironment(SERVICE, SERVICE_PASSWORD));
        final TestCertificates stranger =
                TestCertificates.authority(Files.createDirectories(dir.resolve("stranger")), "stranger-ca");
        env.put("KAFKA_SSL_TRUSTSTORE_LOCATION", stranger.trustStore().toString());

        try (ChildJvm service = ChildJvm.start(env, "run")) {
            assertThat(service.waitFor(90)).as(service.output()).isEqualTo(2);
            assertThat(lastLine(service))
                    .startsWith("seedance-streams run: the TLS handshake with Kafka at "
                            + kafka.secureBootstrapServers() + " failed (")
                    .endsWith("trust the CA that signed the brokers' certificates with KAFKA_SSL_TRUSTSTORE_LOCATION"
                            + " (and _PASSWORD, _TYPE)")
                    .doesNotContain("sun.security");
        }
    }

    @Test
    void shouldStopInOneLineWithExitCode2WhenTheGroupAclIsMissing(final ApicurioRegistry registry) throws Exception {
        final String id = UUID.randomUUID().toString().substring(0, 8);
        final Topics topics = kafka.createServiceTopics(id, 2);

        try (ChildJvm service =
                runWithheld(registry, id, topics, acl -> acl.pattern().resourceType() == ResourceType.GROUP)) {
            assertThat(service.waitFor(120)).as(service.output()).isEqualTo(2);
            assertThat(service.output())
                    .contains("A stream thread stopped: Kafka at " + kafka.secureBootstrapServers()
                            + " denies the service's principal: ")
                    .contains("grant it the ACLs the operations guide lists")
                    .doesNotContain("A stream thread died");
        }
    }

    @Test
    void shouldNameTheDeniedTopicsAtStartInOneLineWithExitCode2(final ApicurioRegistry registry) throws Exception {
        final String id = UUID.randomUUID().toString().substring(0, 8);
        final Topics topics = kafka.createServiceTopics(id, 2);

        try (ChildJvm service =
                runWithheld(registry, id, topics, acl -> acl.pattern().name().equals(topics.alerts()))) {
            assertThat(service.waitFor(90)).as(service.output()).isEqualTo(2);
            // A broker hides a topic from a principal that may not DESCRIBE it: it looks missing.
            assertThat(lastLine(service))
                    .isEqualTo("seedance-streams run: Missing topics [" + topics.alerts() + "] (or the service's"
                            + " principal may not DESCRIBE them: see the ACLs in docs/operations.md) and topics.create"
                            + " (TOPICS_CREATE) is false");
        }
    }

    @Test
    void shouldCreateItsTopicsWhenItsPrincipalMayCreateThem(final ApicurioRegistry registry) throws Exception {
        final String id = UUID.randomUUID().toString().substring(0, 8);
        final Topics topics = RunEnvironment.topics(id);
        kafka.grant(ServiceAcls.of("User:" + SERVICE, "run-it-" + id, topics));
        kafka.grant(ServiceAcls.toCreateTopics("User:" + SERVICE, topics));
        final Map<String, String> env = serviceEnvironment(registry, id);
        env.putAll(kafka.clientEnvironment(SERVICE, SERVICE_PASSWORD));
        env.put("TOPICS_CREATE", "true");
        env.put("TOPICS_REPLICATION_FACTOR", "1");

        try (ChildJvm service = ChildJvm.start(env, "run");
                Admin admin = Admin.create(Map.of("bootstrap.servers", kafka.adminBootstrapServers()))) {
            await().atMost(Duration.ofSeconds(90))
                    .untilAsserted(() -> assertThat(service.output()).contains("REBALANCING -> RUNNING"));
            assertThat(admin.listTopics().names().get()).containsAll(topics.all());
        }
    }

    /** {@code run} as the service's principal, granted the listed ACLs but those {@code withheld}. */
    private static ChildJvm runWithheld(
            final ApicurioRegistry registry, final String id, final Topics topics, final Predicate<AclBinding> withheld)
            throws Exception {
        kafka.grant(ServiceAcls.of("User:" + SERVICE, "run-it-" + id, topics).stream()
                .filter(withheld.negate())
                .toList());
        final Map<String, String> env = serviceEnvironment(registry, id);
        env.putAll(kafka.clientEnvironment(SERVICE, SERVICE_PASSWORD));
        return ChildJvm.start(env, "run");
    }

    private static String lastLine(final ChildJvm process) {
        final List<String> lines = process.output().lines().toList();
        return lines.get(lines.size() - 1);
    }

    /** Everything {@code run} needs but the Kafka credentials, on topics of its own. */
    private static Map<String, String> serviceEnvironment(final ApicurioRegistry registry, final String id) {
        final Map<String, String> env = RunEnvironment.connection(
                kafka.secureBootstrapServers(),
                registry.url(),
                KEY,
                "run-it-" + id,
                RunEnvironment.topics(id),
                2,
                RunEnvironment.freePort());
        env.put("SEEDANCE_BASE_URL", "http://127.0.0.1:9");
        env.put("STATE_DIR", RunEnvironment.newStateDir("secured-"));
        env.put("TOPICS_CREATE", "false");
        env.put("STARTUP_TIMEOUT", "30s");
        return env;
    }

    @Test
    void shouldServeRequestsOverSaslSslWithOnlyTheListedAcls(final ApicurioRegistry registry) throws Exception {
        final String id = UUID.randomUUID().toString().substring(0, 8);
        final String applicationId = "run-it-" + id;
        try (SeedanceSimulator simulator = SeedanceSimulator.start(SimulatorConfig.builder()
                .apiKeys(Set.of(KEY))
                .generationTime(Duration.ofMillis(500))
                .build())) {
            final Topics topics = kafka.createServiceTopics(id, 2);
            grantAsTheAclsCommandPrints(applicationId, topics);
            kafka.grant(producerAcls(topics));
            kafka.grant(watcherAcls(topics));

            final Map<String, String> env = RunEnvironment.connection(
                    kafka.secureBootstrapServers(),
                    registry.url(),
                    KEY,
                    applicationId,
                    topics,
                    2,
                    RunEnvironment.freePort());
            env.putAll(kafka.clientEnvironment(SERVICE, SERVICE_PASSWORD));
            env.put("SEEDANCE_BASE_URL", simulator.baseUrl().toString());
            env.put("STATE_DIR", RunEnvironment.newStateDir("secured-"));
            env.put("TOPICS_CREATE", "false");
            env.put("POLL_FIRST_DELAY", "300ms");
            env.put("POLL_INTERVAL", "300ms");
            try (ChildJvm service = ChildJvm.start(env, "run")) {
                await().atMost(Duration.ofSeconds(90))
                        .untilAsserted(() -> assertThat(service.output()).contains("REBALANCING -> RUNNING"));

                final Map<String, String> producer =
                        new HashMap<>(kafka.clientEnvironment(PRODUCER, PRODUCER_PASSWORD));
                producer.put("SCHEMA_REGISTRY_URL", registry.url());
                producer.put("TOPICS_REQUESTS", topics.requests());
                try (ChildJvm submit = ChildJvm.start(
                        producer, "submit", "--request-id", "secure-1", "--prompt", "A lighthouse in a storm")) {
                    assertThat(submit.waitFor(60)).as(submit.output()).isZero();
                }

                final Map<String, String> watcher = new HashMap<>(kafka.clientEnvironment(WATCHER, WATCHER_PASSWORD));
                watcher.put("SCHEMA_REGISTRY_URL", registry.url());
                watcher.put("TOPICS_COMPLETED", topics.completed());
                watcher.put("TOPICS_FAILED", topics.failed());
                try (ChildJvm watch =
                        ChildJvm.start(watcher, "watch", "--from-beginning", "--count", "1", "--timeout", "90s")) {
                    assertThat(watch.waitFor(120)).as(watch.output()).isZero();
                    assertThat(watch.output())
                            .as(service.output())
                            .contains("completed secure-1 task=")
                            .doesNotContain(WATCHER_PASSWORD);
                }
                // cancel, as the producer: for a request already done it changes nothing, and proves the way.
                producer.put("TOPICS_CANCELLATIONS", topics.cancellations());
                try (ChildJvm cancel = ChildJvm.start(producer, "cancel", "--request-id", "secure-1")) {
                    assertThat(cancel.waitFor(60)).as(cancel.output()).isZero();
                }
                assertThat(service.output())
                        .doesNotContain(
                                "TopicAuthorizationException",
                                "GroupAuthorizationException",
                                "TransactionalIdAuthorizationException",
                                SERVICE_PASSWORD);
            }
        }
    }

    /**
     * Runs {@code acls --principal User:<service>} for this configuration, then each line it prints
     * with kafka-acls.sh's own class against the administrator's listener: the printed commands are
     * valid, and (the test below them shows) all the service needs.
     */
    private static void grantAsTheAclsCommandPrints(final String applicationId, final Topics topics) throws Exception {
        final Properties config = new Properties();
        config.put(ConfigKeys.BOOTSTRAP_SERVERS.name(), kafka.adminBootstrapServers());
        config.put(ConfigKeys.APPLICATION_ID.name(), applicationId);
        config.put(TopicKeys.TOPIC_REQUESTS.name(), topics.requests());
        config.put(TopicKeys.TOPIC_COMPLETED.name(), topics.completed());
        config.put(TopicKeys.TOPIC_FAILED.name(), topics.failed());
        config.put(TopicKeys.TOPIC_DLQ.name(), topics.deadLetters());
        config.put(TopicKeys.TOPIC_CALLBACKS.name(), topics.callbacks());
        config.put(TopicKeys.TOPIC_TENANTS.name(), topics.tenants());
        config.put(TopicKeys.TOPIC_CANCELLATIONS.name(), topics.cancellations());
        config.put(TopicKeys.TOPIC_BUDGET_CLAIMS.name(), topics.budgetClaims());
        config.put(TopicKeys.TOPIC_BUDGET_DECISIONS.name(), topics.budgetDecisions());
        config.put(TopicKeys.TOPIC_ALERTS.name(), topics.alerts());
        final Path file = dir.resolve(applicationId + ".properties");
        try (OutputStream out = Files.newOutputStream(file)) {
            config.store(out, null);
        }
        final StringWriter printed = new StringWriter();
        final CommandLine acls = new CommandLine(new Main()).setOut(new PrintWriter(printed, true));
        assertThat(acls.execute("acls", "--principal", "User:" + SERVICE, "--config", file.toString()))
                .isZero();
        final List<String> commands = printed.toString().lines().toList();
        assertThat(commands).isNotEmpty().allMatch(line -> line.startsWith("kafka-acls.sh "));
        for (final String command : commands) {
            final String[] args = command.substring("kafka-acls.sh ".length()).split(" ");
            AclCommand.main(args);
        }
    }

    /** A producing service's principal: write requests and cancellations, nothing else. */
    private static List<AclBinding> producerAcls(final Topics topics) {
        return Stream.of(topics.requests(), topics.cancellations())
                .map(topic -> new ResourcePattern(ResourceType.TOPIC, topic, PatternType.LITERAL))
                .flatMap(pattern -> Stream.of(AclOperation.WRITE, AclOperation.DESCRIBE)
                        .map(operation -> new AclBinding(
                                pattern,
                                new AccessControlEntry("User:" + PRODUCER, "*", operation, AclPermissionType.ALLOW))))
                .toList();
    }

    /** A principal that follows the results with {@code watch}: read them, in a group of its own. */
    private static List<AclBinding> watcherAcls(final Topics topics) {
        final String principal = "User:" + WATCHER;
        return Stream.of(
                        new ResourcePattern(ResourceType.TOPIC, topics.completed(), PatternType.LITERAL),
                        new ResourcePattern(ResourceType.TOPIC, topics.failed(), PatternType.LITERAL),
                        new ResourcePattern(ResourceType.GROUP, "seedance-watch-", PatternType.PREFIXED))
                .flatMap(pattern -> Stream.of(AclOperation.READ, AclOperation.DESCRIBE)
                        .map(operation -> new AclBinding(
                                pattern, new AccessControlEntry(principal, "*", operation, AclPermissionType.ALLOW))))
                .toList();
    }
}
