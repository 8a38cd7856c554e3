package io.seedance.streams.topology;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every tenant's policy as the tenants topic states it now, for the whole instance: read by the
 * dispatch order (weights), the gate (quotas) and the intake (default level). A tenant the topic
 * does not name gets the configured defaults. Updated by the global stream thread as records come,
 * so a change applies within seconds and the same way on every instance. Thread-safe.
 */
public final class TenantPolicies {

    private static final Logger LOG = LoggerFactory.getLogger(TenantPolicies.class);

    private final TenantPolicy defaults;
    private final Map<String, TenantPolicy> policies = new ConcurrentHashMap<>();
    private final LongAdder invalid = new LongAdder();

    public TenantPolicies(final TenantPolicy defaults) {
        this.defaults = defaults;
    }

    /** The policy {@code tenant} has now. */
    public TenantPolicy of(final String tenant) {
        return policies.getOrDefault(tenant, defaults);
    }

    public TenantPolicy defaults() {
        return defaults;
    }

    /** The weight of {@code tenant} among the tenants of a level. */
    public int weight(final String tenant) {
        return of(tenant).weight();
    }

    /**
     * A record of the tenants topic: a policy, or a tombstone (null) that returns the tenant to the
     * defaults. An invalid record is logged, counted and ignored: the tenant keeps what it had.
     */
    void apply(final String tenant, final byte[] record) {
        if (tenant == null || tenant.isEmpty() || tenant.length() > Tenants.MAX_LENGTH) {
            refuse(
                    String.valueOf(tenant),
                    "the key must be a tenant name of 1 to " + Tenants.MAX_LENGTH + " characters");
            return;
        }
        if (record == null) {
            policies.remove(tenant);
            LOG.info("Tenant {} has the default policy again", tenant);
            return;
        }
        try {
            final TenantPolicy policy = TenantPolicy.parse(record, defaults);
            policies.put(tenant, policy);
            LOG.info("Tenant {} policy: {}", tenant, new String(policy.toJson(), StandardCharsets.UTF_8));
        } catch (final IllegalArgumentException e) {
            refuse(tenant, e.getMessage());
        }
    }

    private void refuse(final String tenant, final String why) {
        invalid.increment();
        LOG.warn("Ignored an invalid record of the tenants topic for tenant {}: {}", tenant, why);
    }

    /** Records of the tenants topic ignored as invalid since start. */
    public long invalidRecords() {
        return invalid.sum();
    }

    /** The tenants with a policy of their own, by name. */
    public Map<String, TenantPolicy> all() {
        return new TreeMap<>(policies);
    }
}
