package io.seedance.streams.schemas;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.avro.JsonProperties;
import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;
import org.apache.avro.SchemaCompatibility.SchemaCompatibilityType;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificDatumReader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The committed schemas are the contract with producers and subscribers: documented, with defaults
 * for everything optional, and able to evolve without breaking readers (BACKWARD compatibility,
 * the registry's default).
 */
class ContractTest {

    static Stream<Path> committedSchemas() throws IOException {
        final List<Path> files;
        try (Stream<Path> list = Files.list(Path.of("schemas"))) {
            files = list.filter(p -> p.toString().endsWith(".avsc")).sorted().toList();
        }
        assertThat(files)
                .extracting(p -> p.getFileName().toString())
                .containsExactly(
                        "BudgetAlert.avsc",
                        "VideoCancellation.avsc",
                        "VideoCompleted.avsc",
                        "VideoFailed.avsc",
                        "VideoRequest.avsc");
        return files.stream();
    }

    @ParameterizedTest
    @MethodSource("committedSchemas")
    void shouldReadOldDataWithANextVersionThatAddsAnOptionalField(final Path file) throws IOException {
        final Schema current = parse(file);
        final Schema next = NextVersions.withOptionalString(current, "added_later");

        assertThat(compatibility(next, current))
                .as("next version reads data written with %s", file)
                .isEqualTo(SchemaCompatibilityType.COMPATIBLE);
        assertThat(compatibility(current, next))
                .as("%s reads data written by the next version", file)
                .isEqualTo(SchemaCompatibilityType.COMPATIBLE);
    }

    @ParameterizedTest
    @MethodSource("committedSchemas")
    void shouldRejectANextVersionThatAddsARequiredField(final Path file) throws IOException {
        // The check above must be able to fail: a field without a default breaks old data.
        final Schema current = parse(file);
        final Schema next = NextVersions.withField(
                current,
                new Schema.Field("required_later", Schema.create(Schema.Type.STRING), "A required field.", null));

        assertThat(compatibility(next, current)).isEqualTo(SchemaCompatibilityType.INCOMPATIBLE);
    }

    @ParameterizedTest
    @MethodSource("committedSchemas")
    void shouldDocumentEveryFieldAndDefaultEveryOptionalOne(final Path file) throws IOException {
        final Schema schema = parse(file);
        assertThat(schema.getDoc()).as("record doc of %s", file).isNotBlank();
        for (final Schema.Field field : schema.getFields()) {
            assertThat(field.doc())
                    .as("doc of %s.%s", schema.getName(), field.name())
                    .isNotBlank();
            if (isNullable(field.schema())) {
                assertThat(field.schema().getTypes().get(0).getType())
                        .as("null first in %s", field.name())
                        .isEqualTo(Schema.Type.NULL);
                assertThat(field.defaultVal())
                        .as("default of optional %s", field.name())
                        .isEqualTo(JsonProperties.NULL_VALUE);
            }
            if (field.schema().getType() == Schema.Type.ENUM) {
                assertThat(field.schema().getEnumDefault())
                        .as("enum default of %s", field.name())
                        .isNotNull();
            }
            if (field.schema().getType() == Schema.Type.MAP || field.schema().getType() == Schema.Type.ARRAY) {
                assertThat(field.hasDefaultValue())
                        .as("default of collection %s", field.name())
                        .isTrue();
            }
        }
    }

    @ParameterizedTest
    @MethodSource("committedSchemas")
    void shouldCompileToTheGeneratedClassUsedByTheService(final Path file) throws IOException {
        final Schema committed = parse(file);
        final Schema generated = switch (committed.getName()) {
            case "VideoRequest" -> VideoRequest.getClassSchema();
            case "VideoCompleted" -> VideoCompleted.getClassSchema();
            case "VideoFailed" -> VideoFailed.getClassSchema();
            case "VideoCancellation" -> VideoCancellation.getClassSchema();
            case "BudgetAlert" -> BudgetAlert.getClassSchema();
            default -> throw new AssertionError("unexpected schema " + committed.getName());
        };
        assertThat(compatibility(generated, committed)).isEqualTo(SchemaCompatibilityType.COMPATIBLE);
        assertThat(generated.getFields())
                .extracting(Schema.Field::name)
                .containsExactlyElementsOf(
                        committed.getFields().stream().map(Schema.Field::name).toList());
    }

    /**
     * Each version stays BACKWARD and FORWARD compatible with the one before (kept under
     * src/test/resources/schemas/v1): readers of either version read what the other wrote.
     */
    @ParameterizedTest
    @MethodSource("committedSchemas")
    void shouldReadAndBeReadByThePreviousVersion(final Path file) throws IOException {
        final Schema current = parse(file);
        final Schema previous = parse(Path.of("src/test/resources/schemas/v1").resolve(file.getFileName()));

        assertThat(compatibility(current, previous))
                .as("%s reads data of the previous version", file)
                .isEqualTo(SchemaCompatibilityType.COMPATIBLE);
        assertThat(compatibility(previous, current))
                .as("the previous version reads data of %s", file)
                .isEqualTo(SchemaCompatibilityType.COMPATIBLE);
    }

    @Test
    void shouldReadAPrioritySymbolItDoesNotKnowAsStandard() throws IOException {
        // A newer writer with a level this version does not know yet.
        final String newer = VideoRequest.getClassSchema()
                .toString()
                .replace("\"INTERACTIVE\",\"STANDARD\",\"BATCH\"", "\"INTERACTIVE\",\"STANDARD\",\"BATCH\",\"URGENT\"");
        final Schema writer = new Schema.Parser().parse(newer);
        final GenericRecord written = new GenericData.Record(writer);
        written.put("request_id", "r-1");
        written.put("prompt", "waves");
        written.put("image_urls", List.of());
        written.put("metadata", Map.of());
        written.put(
                "priority",
                new GenericData.EnumSymbol(
                        writer.getField("priority").schema().getTypes().get(1), "URGENT"));
        final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        final BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(bytes, null);
        new GenericDatumWriter<GenericRecord>(writer).write(written, encoder);
        encoder.flush();

        final VideoRequest read = new SpecificDatumReader<VideoRequest>(writer, VideoRequest.getClassSchema())
                .read(null, DecoderFactory.get().binaryDecoder(bytes.toByteArray(), null));

        assertThat(read.getPriority()).isEqualTo(Priority.STANDARD);
        assertThat(read.getRequestId()).isEqualTo("r-1");
    }

    private static boolean isNullable(final Schema schema) {
        return schema.getType() == Schema.Type.UNION
                && schema.getTypes().stream().anyMatch(s -> s.getType() == Schema.Type.NULL);
    }

    private static SchemaCompatibilityType compatibility(final Schema reader, final Schema writer) {
        return SchemaCompatibility.checkReaderWriterCompatibility(reader, writer)
                .getType();
    }

    private static Schema parse(final Path file) throws IOException {
        return new Schema.Parser().parse(file.toFile());
    }
}
