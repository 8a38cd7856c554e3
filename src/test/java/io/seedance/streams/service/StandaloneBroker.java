package io.seedance.streams.service;

import io.seedance.streams.demo.EmbeddedKafka;
import java.nio.file.Path;

/** A Kafka broker as its own process, for tests that kill the service but not the broker. */
public final class StandaloneBroker {

    private StandaloneBroker() {}

    /** Arguments: the data directory, then optionally the broker and controller ports. */
    public static void main(final String[] args) throws Exception {
        final EmbeddedKafka broker = args.length == 3
                ? EmbeddedKafka.start(Path.of(args[0]), Integer.parseInt(args[1]), Integer.parseInt(args[2]))
                : EmbeddedKafka.start(Path.of(args[0]));
        System.out.println("BOOTSTRAP " + broker.bootstrapServers());
        System.out.flush();
        Runtime.getRuntime().addShutdownHook(new Thread(broker::close));
        Thread.currentThread().join();
    }
}
