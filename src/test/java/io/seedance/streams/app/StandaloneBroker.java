package io.seedance.streams.app;

import java.nio.file.Path;

/** A Kafka broker as its own process, for tests that kill the service but not the broker. */
public final class StandaloneBroker {

    private StandaloneBroker() {
    }

    public static void main(final String[] args) throws Exception {
        final EmbeddedKafka broker = EmbeddedKafka.start(Path.of(args[0]));
        System.out.println("BOOTSTRAP " + broker.bootstrapServers());
        System.out.flush();
        Runtime.getRuntime().addShutdownHook(new Thread(broker::close));
        Thread.currentThread().join();
    }
}
