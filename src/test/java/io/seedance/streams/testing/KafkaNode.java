package io.seedance.streams.testing;

import io.seedance.streams.demo.EmbeddedKafka;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import org.apache.kafka.common.utils.Time;

/**
 * One node of a KRaft cluster (a broker or a controller) as its own process, so a test can stop it
 * as hard as a crash does (SIGKILL) and start it again on the same data. What
 * {@code kafka-storage.sh format} and {@code kafka-server-start.sh} do, without Kafka's scripts.
 */
public final class KafkaNode {

    /** Printed once the node serves. */
    public static final String STARTED = "KAFKA NODE STARTED";

    private KafkaNode() {}

    /** Arguments: the node's properties file, then the cluster id to format its storage with the first time. */
    public static void main(final String[] args) throws Exception {
        final Properties props = new Properties();
        try (InputStream in = Files.newInputStream(Path.of(args[0]))) {
            props.load(in);
        }
        EmbeddedKafka.formatIfNew(
                Path.of(props.getProperty("log.dirs")), Integer.parseInt(props.getProperty("node.id")), args[1]);
        final KafkaRaftServer server = new KafkaRaftServer(new KafkaConfig(props, false), Time.SYSTEM);
        server.startup();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            server.shutdown();
            server.awaitShutdown();
        }));
        System.out.println(STARTED);
        System.out.flush();
        Thread.currentThread().join();
    }
}
