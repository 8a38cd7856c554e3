package io.seedance.streams.schemas;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.apache.avro.JsonProperties;
import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;
import org.apache.avro.SchemaCompatibility.SchemaCompatibilityType;
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
                .containsExactly("VideoCompleted.avsc", "VideoFailed.avsc", "VideoRequest.avsc");
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
            default -> throw new AssertionError("unexpected schema " + committed.getName());
        };
        assertThat(compatibility(generated, committed)).isEqualTo(SchemaCompatibilityType.COMPATIBLE);
        assertThat(generated.getFields())
                .extracting(Schema.Field::name)
                .containsExactlyElementsOf(
                        committed.getFields().stream().map(Schema.Field::name).toList());
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
