package io.seedance.streams.bench;

import io.confluent.parallelconsumer.ParallelConsumerOptions;
import io.confluent.parallelconsumer.ParallelStreamProcessor;
import io.seedance.streams.schemas.VideoCompleted;
import io.seedance.streams.schemas.VideoRequest;
import io.seedance.streams.serde.AvroDeserializer;
import io.seedance.streams.serde.AvroSerializer;
import io.seedance.streams.topology.Topics;
import io.seedance.streams.upstream.SeedanceApi;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Confluent's Parallel Consumer running the same blocking job with the same client and limits:
 * unordered, with as many concurrent records as the service may have tasks in flight.
 */
final class ParallelConsumerPeer implements Contender {

    private final ParallelStreamProcessor<String, Object> processor;

    private ParallelConsumerPeer(final ParallelStreamProcessor<String, Object> processor) {
        this.processor = processor;
    }

    static Contender.Factory factory(final PollSchedule schedule, final int maxConcurrency) {
        return new Contender.Factory() {
            @Override
            public String name() {
                return "Parallel Consumer (" + maxConcurrency + " concurrent)";
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
                final KafkaConsumer<String, Object> consumer = new KafkaConsumer<>(Map.of(
                        "bootstrap.servers",
                        bootstrapServers,
                        "schema.registry.url",
                        registryUrl,
                        "group.id",
                        "parallel-consumer-" + UUID.randomUUID(),
                        "enable.auto.commit",
                        false,
                        "auto.offset.reset",
                        "earliest",
                        "specific.avro.reader",
                        true,
                        "key.deserializer",
                        StringDeserializer.class.getName(),
                        "value.deserializer",
                        AvroDeserializer.class.getName()));
                final KafkaProducer<String, Object> producer = new KafkaProducer<>(Map.of(
                        "bootstrap.servers",
                        bootstrapServers,
                        "schema.registry.url",
                        registryUrl,
                        "key.serializer",
                        StringSerializer.class.getName(),
                        "value.serializer",
                        AvroSerializer.class.getName()));
                final ParallelStreamProcessor<String, Object> processor =
                        ParallelStreamProcessor.createEosStreamProcessor(
                                ParallelConsumerOptions.<String, Object>builder()
                                        .ordering(ParallelConsumerOptions.ProcessingOrder.UNORDERED)
                                        .maxConcurrency(maxConcurrency)
                                        .commitMode(ParallelConsumerOptions.CommitMode.PERIODIC_CONSUMER_ASYNCHRONOUS)
                                        .consumer(consumer)
                                        .producer(producer)
                                        .build());
                processor.subscribe(List.of(topics.requests()));
                processor.pollAndProduce(context -> {
                    final VideoRequest request =
                            (VideoRequest) context.getSingleConsumerRecord().value();
                    final SpecificRecord result = job.make(request);
                    return new ProducerRecord<>(
                            result instanceof VideoCompleted ? topics.completed() : topics.failed(),
                            request.getRequestId(),
                            result);
                });
                return new ParallelConsumerPeer(processor);
            }
        };
    }

    @Override
    public void close() {
        processor.close();
    }
}
