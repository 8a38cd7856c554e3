package io.seedance.streams.serde;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;
import org.apache.avro.SchemaCompatibility.SchemaCompatibilityType;

/**
 * An in-memory registry for unit tests and {@code TopologyTestDriver}, reached with the URL
 * {@code mock://<scope>}. Every serde configured with the same scope shares one registry; a test
 * drops its scope in its teardown. Like a real registry with its default configuration, it
 * refuses a schema that cannot read the subject's latest version (BACKWARD), with HTTP 409.
 */
public final class InMemorySchemaRegistry implements SchemaRegistryClient {

    public static final String URL_PREFIX = "mock://";

    private static final Map<String, InMemorySchemaRegistry> SCOPES = new ConcurrentHashMap<>();

    private final List<Schema> schemas = new ArrayList<>();
    private final Map<String, List<Integer>> versions = new ConcurrentHashMap<>();

    /** A registry of its own, outside any scope. */
    public InMemorySchemaRegistry() {}

    /** The registry of a scope, created on first use. */
    public static InMemorySchemaRegistry forScope(final String scope) {
        return SCOPES.computeIfAbsent(scope, s -> new InMemorySchemaRegistry());
    }

    /** Forgets a scope and everything registered in it. */
    public static void dropScope(final String scope) {
        SCOPES.remove(scope);
    }

    @Override
    public synchronized int register(final String subject, final Schema schema) {
        final List<Integer> subjectVersions = versions.computeIfAbsent(subject, s -> new ArrayList<>());
        for (final int id : subjectVersions) {
            if (schemas.get(id - 1).equals(schema)) {
                return id;
            }
        }
        if (!subjectVersions.isEmpty()) {
            final Schema previous = schemas.get(subjectVersions.get(subjectVersions.size() - 1) - 1);
            final SchemaCompatibilityType compatibility = SchemaCompatibility.checkReaderWriterCompatibility(
                            schema, previous)
                    .getType();
            if (compatibility != SchemaCompatibilityType.COMPATIBLE) {
                throw new SchemaRegistryException(
                        409,
                        409,
                        "Schema registry rejected the schema as"
                                + " incompatible with the subject's earlier versions (subject '" + subject
                                + "': HTTP 409)");
            }
        }
        int id = schemas.indexOf(schema) + 1;
        if (id == 0) {
            schemas.add(schema);
            id = schemas.size();
        }
        subjectVersions.add(id);
        return id;
    }

    @Override
    public synchronized int idOf(final String subject, final Schema schema) {
        for (final int id : versions.getOrDefault(subject, List.of())) {
            if (schemas.get(id - 1).equals(schema)) {
                return id;
            }
        }
        throw new SchemaRegistryException(
                404,
                SchemaRegistryException.SCHEMA_NOT_FOUND,
                "Schema registry found no such schema or subject (subject '" + subject + "': HTTP 404)");
    }

    /** Every subject with a schema, sorted: what {@code GET /subjects} answers. */
    public synchronized List<String> subjects() {
        return versions.keySet().stream().sorted().toList();
    }

    @Override
    public synchronized RegisteredSchema latest(final String subject) {
        final List<Integer> subjectVersions = versions.getOrDefault(subject, List.of());
        if (subjectVersions.isEmpty()) {
            throw new SchemaRegistryException(
                    404,
                    SchemaRegistryException.SUBJECT_NOT_FOUND,
                    "Schema registry found no such schema or subject (subject '" + subject + "': HTTP 404)");
        }
        final int id = subjectVersions.get(subjectVersions.size() - 1);
        return new RegisteredSchema(id, subjectVersions.size(), schemas.get(id - 1));
    }

    @Override
    public synchronized Schema byId(final int id) {
        if (id < 1 || id > schemas.size()) {
            throw new SchemaRegistryException(
                    404,
                    SchemaRegistryException.SCHEMA_NOT_FOUND,
                    "Schema registry found no such schema or subject (schema id " + id + ": HTTP 404)");
        }
        return schemas.get(id - 1);
    }

    @Override
    public String toString() {
        return "InMemorySchemaRegistry";
    }
}
