package io.seedance.streams.schemas;

import java.util.ArrayList;
import java.util.List;
import org.apache.avro.JsonProperties;
import org.apache.avro.Schema;

/** Builds what a later version of a schema could look like, for evolution tests. */
public final class NextVersions {

    private NextVersions() {}

    /** The schema with one more field at the end. */
    public static Schema withField(final Schema schema, final Schema.Field extra) {
        final List<Schema.Field> fields = new ArrayList<>();
        for (final Schema.Field field : schema.getFields()) {
            fields.add(new Schema.Field(field, field.schema()));
        }
        fields.add(extra);
        return Schema.createRecord(schema.getName(), schema.getDoc(), schema.getNamespace(), false, fields);
    }

    /** The schema with one more optional string field (default null): a BACKWARD compatible change. */
    public static Schema withOptionalString(final Schema schema, final String name) {
        return withField(
                schema,
                new Schema.Field(
                        name,
                        Schema.createUnion(Schema.create(Schema.Type.NULL), Schema.create(Schema.Type.STRING)),
                        "A field a later version adds.",
                        JsonProperties.NULL_VALUE));
    }
}
