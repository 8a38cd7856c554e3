package io.seedance.streams.testing;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.common.Uuid;

/**
 * Three brokers and one controller (KRaft), each its own process, set up as a production cluster
 * is: every topic, the offsets and the transaction log at replication factor 3 with
 * {@code min.insync.replicas=2}, so one broker may be down and nothing stops or is lost. A broker
 * can be killed (SIGKILL: no controlled shutdown, no leadership handed over, unflushed writes gone)
 * and started again on its data and its port.
 */
public final class ReplicatedKafkaCluster implements KafkaBroker, AutoCloseable {

    public static final int BROKERS = 3;
    private static final int CONTROLLER_ID = 100;
    private static final Duration START_TIMEOUT = Duration.ofSeconds(90);

    private final String clusterId = Uuid.randomUuid().toString();
    private final Path directory;
    private final Map<Integer, Integer> brokerPorts = new TreeMap<>();
    private final Map<Integer, ChildJvm> nodes = new TreeMap<>();

    private ReplicatedKafkaCluster(final Path directory) {
        this.directory = directory;
    }

    public static ReplicatedKafkaCluster start() {
        final ReplicatedKafkaCluster cluster;
        try {
            cluster = new ReplicatedKafkaCluster(Files.createTempDirectory("replicated-kafka-"));
        } catch (final IOException e) {
            throw new IllegalStateException("Cannot make the replicated cluster's directory", e);
        }
        try {
            cluster.startAll();
            return cluster;
        } catch (final RuntimeException e) {
            cluster.close();
            throw e;
        }
    }

    private void startAll() {
        final int controllerPort = RunEnvironment.freePort();
        final String voters = CONTROLLER_ID + "@127.0.0.1:" + controllerPort;
        final Properties controller = common(CONTROLLER_ID, voters);
        controller.put("process.roles", "controller");
        controller.put("listeners", "CONTROLLER://127.0.0.1:" + controllerPort);
        start(CONTROLLER_ID, controller);
        for (int id = 1; id <= BROKERS; id++) {
            final int port = RunEnvironment.freePort();
            brokerPorts.put(id, port);
            final Properties broker = common(id, voters);
            broker.put("process.roles", "broker");
            broker.put("listeners", "PLAINTEXT://127.0.0.1:" + port);
            broker.put("advertised.listeners", "PLAINTEXT://127.0.0.1:" + port);
            broker.put("inter.broker.listener.name", "PLAINTEXT");
            start(id, broker);
        }
        nodes.keySet().forEach(this::awaitStarted);
        await().atMost(START_TIMEOUT).ignoreExceptions().until(() -> liveBrokers() == BROKERS);
    }

    private Properties common(final int id, final String voters) {
        final String replicas = String.valueOf(BROKERS);
        final Properties props = new Properties();
        props.put("node.id", String.valueOf(id));
        props.put("controller.quorum.voters", voters);
        props.put("controller.listener.names", "CONTROLLER");
        props.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
        props.put("log.dirs", directory.resolve("node-" + id).toString());
        props.put("default.replication.factor", replicas);
        props.put("min.insync.replicas", "2");
        props.put("offsets.topic.replication.factor", replicas);
        props.put("transaction.state.log.replication.factor", replicas);
        props.put("transaction.state.log.min.isr", "2");
        props.put("group.initial.rebalance.delay.ms", "0");
        props.put("auto.create.topics.enable", "false");
        return props;
    }

    private void start(final int id, final Properties props) {
        try (OutputStream out = Files.newOutputStream(propertiesFile(id))) {
            props.store(out, "node " + id);
        } catch (final IOException e) {
            throw new IllegalStateException("Cannot write " + propertiesFile(id), e);
        }
        launch(id);
    }

    private void launch(final int id) {
        nodes.put(
                id,
                ChildJvm.startMain(
                        KafkaNode.class.getName(), Map.of(), propertiesFile(id).toString(), clusterId));
    }

    private Path propertiesFile(final int id) {
        return directory.resolve("node-" + id + ".properties");
    }

    private void awaitStarted(final int id) {
        final ChildJvm node = nodes.get(id);
        await().atMost(START_TIMEOUT).until(() -> node.output().contains(KafkaNode.STARTED) || !node.isAlive());
        if (!node.isAlive()) {
            throw new IllegalStateException("Kafka node " + id + " stopped at start:\n" + node.output());
        }
    }

    private int liveBrokers() throws Exception {
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrapServers()))) {
            return admin.describeCluster().nodes().get().size();
        }
    }

    @Override
    public String bootstrapServers() {
        return brokerPorts.values().stream().map(port -> "127.0.0.1:" + port).collect(Collectors.joining(","));
    }

    @Override
    public short replicationFactor() {
        return BROKERS;
    }

    /** The ids of the brokers. */
    public Set<Integer> brokerIds() {
        return brokerPorts.keySet();
    }

    /** SIGKILLs one broker, as a crash or the OOM killer does: its clients and its peers find out by timeouts. */
    public void killBroker(final int id) throws InterruptedException {
        nodes.get(id).kill();
    }

    /** Starts a killed broker again on its own data and port, and waits until the cluster counts it. */
    public void startBroker(final int id) {
        launch(id);
        awaitStarted(id);
        await().atMost(START_TIMEOUT).ignoreExceptions().until(() -> liveBrokers() == BROKERS);
    }

    @Override
    public void close() {
        nodes.values().forEach(ChildJvm::close);
    }
}
