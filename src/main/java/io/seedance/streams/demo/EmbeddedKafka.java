package io.seedance.streams.demo;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Properties;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.metadata.storage.Formatter;
import org.apache.kafka.server.common.MetadataVersion;

/**
 * A real single-node Kafka broker (KRaft, broker and controller in one) inside this process, for
 * the demo. Its data directory survives restarts: storage is formatted only the first time.
 */
public final class EmbeddedKafka implements AutoCloseable {

    private final KafkaRaftServer server;
    private final int port;

    private EmbeddedKafka(final KafkaRaftServer server, final int port) {
        this.server = server;
        this.port = port;
    }

    public static EmbeddedKafka start(final Path dataDir) throws Exception {
        return start(dataDir, freePort(), freePort());
    }

    /** On the given ports (a restarted broker keeps its address). */
    public static EmbeddedKafka start(final Path dataDir, final int port, final int controllerPort) throws Exception {
        Files.createDirectories(dataDir);
        final Properties props = new Properties();
        props.put("process.roles", "broker,controller");
        props.put("node.id", "1");
        props.put("controller.quorum.voters", "1@127.0.0.1:" + controllerPort);
        props.put("listeners", "PLAINTEXT://127.0.0.1:" + port + ",CONTROLLER://127.0.0.1:" + controllerPort);
        props.put("advertised.listeners", "PLAINTEXT://127.0.0.1:" + port);
        props.put("controller.listener.names", "CONTROLLER");
        props.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
        props.put("log.dirs", dataDir.toString());
        props.put("offsets.topic.replication.factor", "1");
        props.put("transaction.state.log.replication.factor", "1");
        props.put("transaction.state.log.min.isr", "1");
        props.put("group.initial.rebalance.delay.ms", "0");
        props.put("num.partitions", "1");
        formatIfNew(dataDir, 1, Uuid.randomUuid().toString());
        final KafkaRaftServer server = new KafkaRaftServer(new KafkaConfig(props, false), Time.SYSTEM);
        server.startup();
        return new EmbeddedKafka(server, port);
    }

    /**
     * What {@code kafka-storage.sh format} does, the first time only: a node's data directory (its
     * metadata log too) for cluster {@code clusterId}, at the production metadata version, with
     * the controllers on the listener named CONTROLLER.
     */
    public static void formatIfNew(final Path dataDir, final int nodeId, final String clusterId) throws Exception {
        if (Files.exists(dataDir.resolve("meta.properties"))) {
            return;
        }
        new Formatter()
                .setPrintStream(new PrintStream(OutputStream.nullOutputStream()))
                .setNodeId(nodeId)
                .setClusterId(clusterId)
                .setDirectories(List.of(dataDir.toString()))
                .setMetadataLogDirectory(dataDir.toString())
                .setReleaseVersion(MetadataVersion.latestProduction())
                .setControllerListenerName("CONTROLLER")
                .run();
    }

    public String bootstrapServers() {
        return "127.0.0.1:" + port;
    }

    public static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    @Override
    public void close() {
        server.shutdown();
        server.awaitShutdown();
    }
}
