package io.seedance.streams.testing;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ScramCredentialInfo;
import org.apache.kafka.clients.admin.ScramMechanism;
import org.apache.kafka.clients.admin.UserScramCredentialUpsertion;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.network.ListenerName;
import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.apache.kafka.common.test.TestKitNodes;
import org.apache.kafka.server.common.MetadataVersion;

/**
 * A Kafka cluster secured as a platform team runs one: clients connect over SASL_SSL with
 * SCRAM-SHA-512, the broker's certificate is signed by a CA the test makes, and an authorizer
 * allows a principal only what its ACLs grant. One broker and one controller in this JVM (Kafka's
 * test kit); the administrator reaches the broker on a second, plaintext loopback listener as a
 * super user, to create users, topics and ACLs, and to read what the service wrote.
 */
public final class SecuredKafkaCluster implements KafkaBroker, AutoCloseable {

    private static final String SECURE = "SECURE";
    private static final String ADMIN = "EXTERNAL";

    private final KafkaClusterTestKit kit;
    private final TestCertificates authority;

    private SecuredKafkaCluster(final KafkaClusterTestKit kit, final TestCertificates authority) {
        this.kit = kit;
        this.authority = authority;
    }

    /** Starts the cluster with its certificates made in {@code dir}. */
    public static SecuredKafkaCluster start(final Path dir) {
        final TestCertificates authority = TestCertificates.authority(dir, "kafka-test-ca");
        final Path keyStore = authority.serverKeyStore("broker");
        final String listener = "listener.name." + SECURE.toLowerCase() + ".";
        final Map<String, String> broker = new HashMap<>();
        broker.put("listeners", ADMIN + "://localhost:0," + SECURE + "://localhost:0");
        broker.put("listener.security.protocol.map", ADMIN + ":PLAINTEXT," + SECURE + ":SASL_SSL,CONTROLLER:PLAINTEXT");
        broker.put("inter.broker.listener.name", ADMIN);
        broker.put(listener + "sasl.enabled.mechanisms", "SCRAM-SHA-512");
        broker.put(
                listener + "scram-sha-512.sasl.jaas.config",
                "org.apache.kafka.common.security.scram.ScramLoginModule required;");
        broker.put(listener + "ssl.keystore.location", keyStore.toString());
        broker.put(listener + "ssl.keystore.password", TestCertificates.PASSWORD);
        broker.put(listener + "ssl.key.password", TestCertificates.PASSWORD);
        broker.put(listener + "ssl.keystore.type", "PKCS12");
        try {
            final KafkaClusterTestKit kit = new KafkaClusterTestKit.Builder(new TestKitNodes.Builder()
                            .setCombined(false)
                            .setNumBrokerNodes(1)
                            .setNumControllerNodes(1)
                            .setBootstrapMetadataVersion(MetadataVersion.latestProduction())
                            .setPerServerProperties(Map.of(0, broker))
                            .build())
                    .setConfigProp("group.initial.rebalance.delay.ms", "0")
                    .setConfigProp("auto.create.topics.enable", "false")
                    .setConfigProp("offsets.topic.replication.factor", "1")
                    .setConfigProp("transaction.state.log.replication.factor", "1")
                    .setConfigProp("transaction.state.log.min.isr", "1")
                    .setConfigProp("authorizer.class.name", "org.apache.kafka.metadata.authorizer.StandardAuthorizer")
                    // The plaintext listeners (the controller's, the administrator's) are ANONYMOUS.
                    .setConfigProp("super.users", "User:ANONYMOUS")
                    .build();
            kit.format();
            kit.startup();
            kit.waitForReadyBrokers();
            return new SecuredKafkaCluster(kit, authority);
        } catch (final Exception e) {
            throw new IllegalStateException("Could not start the in-JVM secured Kafka cluster", e);
        }
    }

    /** Where clients connect over SASL_SSL. */
    public String secureBootstrapServers() {
        return kit.brokers().values().stream()
                .map(server -> "localhost:" + server.boundPort(new ListenerName(SECURE)))
                .collect(Collectors.joining(","));
    }

    /** The administrator's plaintext, super-user listener. */
    public String adminBootstrapServers() {
        return kit.bootstrapServers();
    }

    /** As a {@link KafkaBroker}, the cluster is its administrator's listener (topics are made there). */
    @Override
    public String bootstrapServers() {
        return adminBootstrapServers();
    }

    /** The CA that signed the broker's certificate, as a PKCS12 trust store (password {@link TestCertificates#PASSWORD}). */
    public Path trustStore() {
        return authority.trustStore();
    }

    public TestCertificates authority() {
        return authority;
    }

    /** A SCRAM-SHA-512 user. */
    public void addUser(final String user, final String password) throws Exception {
        try (Admin admin = admin()) {
            admin.alterUserScramCredentials(List.of(new UserScramCredentialUpsertion(
                            user, new ScramCredentialInfo(ScramMechanism.SCRAM_SHA_512, 4096), password)))
                    .all()
                    .get();
        }
    }

    public void grant(final List<AclBinding> acls) throws Exception {
        try (Admin admin = admin()) {
            admin.createAcls(acls).all().get();
        }
    }

    /** An administrator's client (super user). */
    public Admin admin() {
        return Admin.create(Map.of("bootstrap.servers", adminBootstrapServers()));
    }

    /** A client's settings for {@code user} over SASL_SSL, as the service's KAFKA_* variables give them. */
    public Map<String, String> clientEnvironment(final String user, final String password) {
        return Map.of(
                "KAFKA_BOOTSTRAP_SERVERS",
                secureBootstrapServers(),
                "KAFKA_SECURITY_PROTOCOL",
                "SASL_SSL",
                "KAFKA_SASL_MECHANISM",
                "SCRAM-SHA-512",
                "KAFKA_SASL_JAAS_CONFIG",
                "org.apache.kafka.common.security.scram.ScramLoginModule required username=\"" + user + "\" password=\""
                        + password + "\";",
                "KAFKA_SSL_TRUSTSTORE_LOCATION",
                trustStore().toString(),
                "KAFKA_SSL_TRUSTSTORE_PASSWORD",
                TestCertificates.PASSWORD,
                "KAFKA_SSL_TRUSTSTORE_TYPE",
                "PKCS12");
    }

    @Override
    public void close() {
        try {
            kit.close();
        } catch (final Exception e) {
            throw new IllegalStateException("Could not stop the in-JVM secured Kafka cluster", e);
        }
    }
}
