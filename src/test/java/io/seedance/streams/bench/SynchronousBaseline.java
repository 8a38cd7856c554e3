package io.seedance.streams.bench;

import io.seedance.streams.schemas.VideoCompleted;
import io.seedance.streams.schemas.VideoRequest;
import io.seedance.streams.serde.AvroDeserializer;
import io.seedance.streams.serde.AvroSerde;
import io.seedance.streams.serde.AvroSerializer;
import io.seedance.streams.topology.Topics;
import io.seedance.streams.upstream.SeedanceApi;
import java.io.IOException;
import java.nio.file.Files;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.kstream.Branched;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;

/**
 * The baseline: what a team writes first. A Kafka Streams processor that makes each video inside
 * {@code process()} with blocking calls (rate limiter and circuit breaker from Resilience4j), one
 * stream thread, exactly-once like ours. {@code max.poll.records} is 1 so that a long generation
 * does not overrun {@code max.poll.interval.ms} (which this design otherwise hits at once).
 */
final class SynchronousBaseline implements Contender {

    private final KafkaStreams streams;

    private SynchronousBaseline(final KafkaStreams streams) {
        this.streams = streams;
    }

    static Contender.Factory factory(final PollSchedule schedule) {
        return new Contender.Factory() {
            @Override
            public String name() {
                return "synchronous process()";
            }

            @Override
            public Contender start(
                    final String bootstrapServers,
                    final String registryUrl,
                    final Topics topics,
                    final SeedanceApi api,
                    final Workload workload) {
                final BlockingVideoJob job =
                        new BlockingVideoJob(api, schedule, workload.perMinute(), workload.perMinute() * 10);
                final Map<String, Object> serde = Map.of("schema.registry.url", registryUrl);
                final AvroSerde<VideoRequest> requests = AvroSerde.specific(VideoRequest.class);
                requests.configure(serde, false);
                final AvroSerializer<SpecificRecord> writer = new AvroSerializer<>();
                writer.configure(serde, false);
                final Serde<SpecificRecord> results = Serdes.serdeFrom(writer, new AvroDeserializer<>());
                final StreamsBuilder builder = new StreamsBuilder();
                builder.stream(topics.requests(), Consumed.with(Serdes.String(), requests))
                        .process(() -> new Processor<String, VideoRequest, String, SpecificRecord>() {
                            private ProcessorContext<String, SpecificRecord> context;

                            @Override
                            public void init(final ProcessorContext<String, SpecificRecord> context) {
                                this.context = context;
                            }

                            @Override
                            public void process(final Record<String, VideoRequest> record) {
                                context.forward(record.withValue(job.make(record.value())));
                            }
                        })
                        .split()
                        .branch(
                                (key, value) -> value instanceof VideoCompleted,
                                Branched.withConsumer(
                                        s -> s.to(topics.completed(), Produced.with(Serdes.String(), results))))
                        .defaultBranch(Branched.withConsumer(
                                s -> s.to(topics.failed(), Produced.with(Serdes.String(), results))));
                final Properties props = new Properties();
                props.put(
                        StreamsConfig.APPLICATION_ID_CONFIG,
                        "baseline-" + UUID.randomUUID().toString().substring(0, 8));
                props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
                props.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
                props.put(StreamsConfig.consumerPrefix("max.poll.records"), 1);
                try {
                    props.put(
                            StreamsConfig.STATE_DIR_CONFIG,
                            Files.createTempDirectory("baseline-").toString());
                } catch (final IOException e) {
                    throw new IllegalStateException(e);
                }
                final KafkaStreams streams = new KafkaStreams(builder.build(), props);
                streams.start();
                return new SynchronousBaseline(streams);
            }
        };
    }

    @Override
    public void close() {
        streams.close(Duration.ofSeconds(10));
    }
}
