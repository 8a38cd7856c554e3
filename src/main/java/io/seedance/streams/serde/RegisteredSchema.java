package io.seedance.streams.serde;

import java.util.Objects;
import org.apache.avro.Schema;

/** A schema as the registry holds it under a subject: its global id, its version, its text. */
public record RegisteredSchema(int id, int version, Schema schema) {

    public RegisteredSchema {
        Objects.requireNonNull(schema, "schema");
    }
}
