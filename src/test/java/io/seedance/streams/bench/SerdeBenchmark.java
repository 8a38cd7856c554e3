package io.seedance.streams.bench;

import io.seedance.streams.schemas.Samples;
import io.seedance.streams.schemas.VideoRequest;
import io.seedance.streams.serde.AvroDeserializer;
import io.seedance.streams.serde.AvroSerializer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.avro.io.BinaryDecoder;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.avro.specific.SpecificDatumWriter;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.OptionsBuilder;

/**
 * Our serializer and deserializer (Confluent wire format, schema id from the registry cache)
 * against plain Avro binary encoding of the same record with reused encoders: the floor.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class SerdeBenchmark {

    private static final String TOPIC = "video-requests";

    private final VideoRequest record = Samples.request("bench-serde-0001");
    private final AvroSerializer<VideoRequest> serializer = new AvroSerializer<>();
    private final AvroDeserializer<VideoRequest> deserializer = new AvroDeserializer<>(VideoRequest.class);
    private final SpecificDatumWriter<VideoRequest> writer = new SpecificDatumWriter<>(VideoRequest.class);
    private final SpecificDatumReader<VideoRequest> reader = new SpecificDatumReader<>(VideoRequest.class);
    private final ByteArrayOutputStream buffer = new ByteArrayOutputStream(512);
    private BinaryEncoder encoder;
    private BinaryDecoder decoder;
    private byte[] ours;
    private byte[] plain;

    @Setup
    public void setUp() throws IOException {
        final Map<String, String> config = Map.of("schema.registry.url", "mock://serde-benchmark");
        serializer.configure(config, false);
        deserializer.configure(config, false);
        ours = serializer.serialize(TOPIC, record);
        plain = plainSerialize();
    }

    @Benchmark
    public byte[] serializeOurs() {
        return serializer.serialize(TOPIC, record);
    }

    @Benchmark
    public byte[] serializePlainAvro() throws IOException {
        return plainSerialize();
    }

    @Benchmark
    public VideoRequest deserializeOurs() {
        return deserializer.deserialize(TOPIC, ours);
    }

    @Benchmark
    public VideoRequest deserializePlainAvro() throws IOException {
        decoder = DecoderFactory.get().binaryDecoder(plain, decoder);
        return reader.read(null, decoder);
    }

    private byte[] plainSerialize() throws IOException {
        buffer.reset();
        encoder = EncoderFactory.get().binaryEncoder(buffer, encoder);
        writer.write(record, encoder);
        encoder.flush();
        return buffer.toByteArray();
    }

    static List<Table> run() throws RunnerException {
        final Map<String, Double> score = new HashMap<>();
        for (final RunResult result : new Runner(new OptionsBuilder()
                        .include(SerdeBenchmark.class.getName() + ".*")
                        .build())
                .run()) {
            final String label = result.getParams().getBenchmark();
            score.put(
                    label.substring(label.lastIndexOf('.') + 1),
                    result.getPrimaryResult().getScore());
        }
        final Table table = new Table(
                "Serde: JMH throughput of a VideoRequest (ops/s, 1 fork, 3x2 s warm-up, 5x2 s)",
                "operation",
                "ours",
                "plain Avro binary",
                "ours ÷ plain",
                "overhead");
        for (final String operation : List.of("serialize", "deserialize")) {
            final double mine = score.get(operation + "Ours");
            final double floor = score.get(operation + "PlainAvro");
            table.row(operation, mine, floor, mine / floor, String.format("%.1f%%", (1 - mine / floor) * 100));
        }
        table.note("Ours writes and reads the Confluent wire format (magic byte, schema id, then the same Avro"
                + " binary) and finds the schema id in its registry cache; plain Avro reuses its encoder/decoder.");
        return List.of(table);
    }
}
