package io.seedance.streams.topology;

import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Reads the tenants topic on the global stream thread of every instance: keeps its records in the
 * global store and applies each to the instance's {@link TenantPolicies}. What the store held when
 * the processor starts (restored from the topic) is applied first.
 */
final class TenantPolicyProcessor implements Processor<String, byte[], Void, Void> {

    private final TenantPolicies policies;
    private KeyValueStore<String, byte[]> store;

    TenantPolicyProcessor(final TenantPolicies policies) {
        this.policies = policies;
    }

    @Override
    public void init(final ProcessorContext<Void, Void> context) {
        store = context.getStateStore(SeedanceTopology.TENANT_STORE);
        try (KeyValueIterator<String, byte[]> all = store.all()) {
            all.forEachRemaining(entry -> policies.apply(entry.key, entry.value));
        }
    }

    @Override
    public void process(final Record<String, byte[]> record) {
        if (record.key() == null) {
            policies.apply(null, record.value());
            return;
        }
        if (record.value() == null) {
            store.delete(record.key());
        } else {
            store.put(record.key(), record.value());
        }
        policies.apply(record.key(), record.value());
    }
}
