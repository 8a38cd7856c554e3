package io.seedance.streams.serde;

import org.apache.avro.Schema;

/**
 * The four calls of the Confluent Schema Registry REST API that a serde needs. Implementations
 * throw {@link SchemaRegistryException} for every failure, with a message that never contains
 * credentials.
 */
public interface SchemaRegistryClient {

    /** Registers {@code schema} under {@code subject}, or finds it registered; returns its id. */
    int register(String subject, Schema schema);

    /** Returns the id of {@code schema} under {@code subject}, without registering it. */
    int idOf(String subject, Schema schema);

    /** Returns the latest version registered under {@code subject}. */
    RegisteredSchema latest(String subject);

    /** Returns the schema with the given global id. */
    Schema byId(int id);

    /** Whether the registry answers now (for readiness checks); never throws. */
    default boolean reachable() {
        return true;
    }
}
