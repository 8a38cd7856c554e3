package io.seedance.streams.serde;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.avro.Schema;

/**
 * Remembers every answer of another client, so that each schema costs one registry round trip
 * per process. Ids and schemas never change once registered, so nothing expires; the latest
 * version of a subject is remembered too, as Confluent's serdes do by default.
 */
public final class CachingSchemaRegistryClient implements SchemaRegistryClient {

    private record SubjectSchema(String subject, Schema schema) {}

    private final SchemaRegistryClient delegate;
    private final Map<SubjectSchema, Integer> registered = new ConcurrentHashMap<>();
    private final Map<SubjectSchema, Integer> looked = new ConcurrentHashMap<>();
    private final Map<String, RegisteredSchema> latest = new ConcurrentHashMap<>();
    private final Map<Integer, Schema> byId = new ConcurrentHashMap<>();

    public CachingSchemaRegistryClient(final SchemaRegistryClient delegate) {
        this.delegate = delegate;
    }

    @Override
    public int register(final String subject, final Schema schema) {
        final SubjectSchema key = new SubjectSchema(subject, schema);
        final Integer known = looked.get(key);
        if (known != null) {
            return known;
        }
        return remember(registered.computeIfAbsent(key, k -> delegate.register(subject, schema)), schema);
    }

    @Override
    public int idOf(final String subject, final Schema schema) {
        final SubjectSchema key = new SubjectSchema(subject, schema);
        final Integer known = registered.get(key);
        if (known != null) {
            return known;
        }
        return remember(looked.computeIfAbsent(key, k -> delegate.idOf(subject, schema)), schema);
    }

    @Override
    public RegisteredSchema latest(final String subject) {
        final RegisteredSchema found = latest.computeIfAbsent(subject, delegate::latest);
        remember(found.id(), found.schema());
        return found;
    }

    @Override
    public Schema byId(final int id) {
        return byId.computeIfAbsent(id, delegate::byId);
    }

    @Override
    public boolean reachable() {
        return delegate.reachable();
    }

    private int remember(final int id, final Schema schema) {
        byId.putIfAbsent(id, schema);
        return id;
    }

    @Override
    public String toString() {
        return "Caching" + delegate;
    }
}
