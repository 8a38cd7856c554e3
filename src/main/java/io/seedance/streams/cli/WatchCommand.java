package io.seedance.streams.cli;

import io.seedance.streams.schemas.VideoCompleted;
import io.seedance.streams.schemas.VideoFailed;
import io.seedance.streams.serde.AvroDeserializer;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code watch}: print video-completed and video-failed events as they come (committed ones only). */
@Command(
        name = "watch",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description = "Print video-completed and video-failed events as they come, one line each.")
final class WatchCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Mixin
    private ClusterOptions cluster;

    @Option(names = "--from-beginning", description = "Start from the oldest event instead of new ones.")
    private boolean fromBeginning;

    @Option(names = "--count", description = "Exit after this many events (default: never).")
    private Integer count;

    @Option(names = "--request-id", description = "Only events of this request_id.")
    private String requestId;

    @Option(
            names = "--timeout",
            converter = DurationConverter.class,
            description = "Exit with code 1 when no (more) matching event came within this (default: never).")
    private Duration timeout;

    @Override
    public Integer call() {
        final Map<String, Object> config = cluster.clientConfig();
        config.put("group.id", "seedance-watch-" + UUID.randomUUID());
        config.put("auto.offset.reset", fromBeginning ? "earliest" : "latest");
        config.put("isolation.level", "read_committed");
        config.put("enable.auto.commit", false);
        config.put("key.deserializer", StringDeserializer.class.getName());
        config.put("value.deserializer", AvroDeserializer.class.getName());
        config.put("specific.avro.reader", true);
        final PrintWriter out = spec.commandLine().getOut();
        int seen = 0;
        long lastEvent = System.nanoTime();
        try (KafkaConsumer<String, SpecificRecord> consumer = new KafkaConsumer<>(config)) {
            consumer.subscribe(List.of(cluster.completedTopic, cluster.failedTopic));
            while (count == null || seen < count) {
                for (final ConsumerRecord<String, SpecificRecord> record : consumer.poll(Duration.ofMillis(500))) {
                    final String line = describe(record.value());
                    if (line != null && (requestId == null || requestId.equals(record.key()))) {
                        out.println(line);
                        out.flush();
                        seen++;
                        lastEvent = System.nanoTime();
                        if (count != null && seen >= count) {
                            break;
                        }
                    }
                }
                if (timeout != null && System.nanoTime() - lastEvent > timeout.toNanos()) {
                    spec.commandLine().getErr().println("seedance-streams watch: nothing more within " + timeout);
                    return 1;
                }
            }
        }
        return Main.EXIT_OK;
    }

    static String describe(final SpecificRecord event) {
        if (event instanceof VideoCompleted completed) {
            return String.format(
                    "completed %s task=%s video=%s consumed=%s queries=%d",
                    completed.getRequestId(),
                    completed.getTaskId(),
                    completed.getVideoUrl(),
                    completed.getConsumed(),
                    completed.getQueryCount());
        }
        if (event instanceof VideoFailed failed) {
            return String.format(
                    "failed    %s %s: %s (category=%s, retriable=%s, attempts=%d)",
                    failed.getRequestId(),
                    failed.getError(),
                    failed.getMessage(),
                    failed.getCategory(),
                    failed.getRetriable(),
                    failed.getAttempts());
        }
        return null;
    }
}
