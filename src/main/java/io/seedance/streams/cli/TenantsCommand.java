package io.seedance.streams.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.seedance.streams.topology.Budget;
import io.seedance.streams.topology.BudgetStanding;
import io.seedance.streams.topology.TenantPolicy;
import io.seedance.streams.topology.Tenants;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.Callable;
import org.apache.kafka.common.KafkaException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code tenants set|list|delete}: the tenant policies in the tenants topic, which every instance
 * of the service reads and applies within seconds, without a restart.
 */
@Command(
        name = "tenants",
        mixinStandardHelpOptions = true,
        description = "Manage tenant policies (weight, quotas, default priority, budget) in the tenants topic.",
        subcommands = {TenantsSetCommand.class, TenantsCommand.ListPolicies.class, TenantsCommand.Delete.class})
final class TenantsCommand implements Runnable {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Spec
    private CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** A tenant name as the service accepts it, or a usage error naming it. */
    static String checkedTenant(final CommandSpec spec, final String tenant) {
        if (tenant.isBlank() || tenant.length() > Tenants.MAX_LENGTH) {
            throw new ParameterException(
                    spec.commandLine(),
                    "tenant must be non-empty and at most " + Tenants.MAX_LENGTH + " characters, got '" + tenant + "'");
        }
        return tenant;
    }

    /** Runs {@code action} against the cluster: a Kafka failure is one line on stderr and exit code 1. */
    static int against(final CommandSpec spec, final KafkaAction action) throws InterruptedException {
        try {
            action.run();
            return Main.EXIT_OK;
        } catch (final KafkaException e) {
            spec.commandLine().getErr().println("seedance-streams " + spec.qualifiedName() + ": " + e.getMessage());
            return 1;
        }
    }

    @FunctionalInterface
    interface KafkaAction {
        void run() throws InterruptedException;
    }

    @Command(
            name = "list",
            mixinStandardHelpOptions = true,
            description = "List the tenants with a policy, a line each: the tenant, a tab, its record, and for a"
                    + " tenant with a budget, a tab and how it stands: spent, reserved and waiting in the period."
                    + " What a record leaves out, and any tenant not listed, has the service's defaults.")
    static final class ListPolicies implements Callable<Integer> {

        @Spec
        private CommandSpec spec;

        @Mixin
        private ClusterOptions cluster;

        @Override
        public Integer call() throws InterruptedException {
            final TenantsTopic topic = new TenantsTopic(cluster);
            return against(spec, () -> {
                final PrintWriter out = spec.commandLine().getOut();
                final Map<String, byte[]> policies = topic.readAll();
                final boolean anyBudget = policies.values().stream().anyMatch(ListPolicies::hasBudget);
                final Map<String, byte[]> ledgers = anyBudget ? topic.ledgers() : Map.of();
                final long now = System.currentTimeMillis();
                policies.forEach((tenant, record) -> {
                    final String json = new String(record, StandardCharsets.UTF_8);
                    try {
                        final Budget budget = TenantPolicy.parse(record, TenantPolicy.unlimited())
                                .budget();
                        out.println(tenant + "\t" + json
                                + (budget == null
                                        ? ""
                                        : "\t" + BudgetStanding.describe(ledgers.get(tenant), budget, now)));
                    } catch (final IllegalArgumentException e) {
                        out.println(tenant + "\tinvalid, ignored by the service (" + e.getMessage() + "): " + json);
                    }
                });
                out.flush();
            });
        }

        private static boolean hasBudget(final byte[] record) {
            try {
                return TenantPolicy.parse(record, TenantPolicy.unlimited()).budget() != null;
            } catch (final IllegalArgumentException e) {
                return false;
            }
        }
    }

    @Command(
            name = "delete",
            mixinStandardHelpOptions = true,
            description = "Remove a tenant's policy: it has the service's defaults again.")
    static final class Delete implements Callable<Integer> {

        @Spec
        private CommandSpec spec;

        @Mixin
        private ClusterOptions cluster;

        @Parameters(index = "0", paramLabel = "<tenant>", description = "The tenant.")
        private String tenant;

        @Override
        public Integer call() throws InterruptedException {
            checkedTenant(spec, tenant);
            final TenantsTopic topic = new TenantsTopic(cluster);
            return against(spec, () -> {
                topic.write(tenant, null);
                spec.commandLine().getOut().println(tenant + " deleted: it has the defaults again");
            });
        }
    }
}
