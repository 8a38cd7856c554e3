package io.seedance.streams.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.seedance.streams.schemas.Priority;
import io.seedance.streams.topology.TenantPolicy;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code tenants set}: writes a tenant's policy, the options given over what it had. */
@Command(
        name = "set",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description = "Set a tenant's policy; options not given keep the tenant's current value,"
                + " or the service's defaults (tenant.default.*) where it has none.")
final class TenantsSetCommand implements Callable<Integer> {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** The fields of a policy and the options that set them, longest first (one name holds another). */
    private static final Map<String, String> OPTIONS = new LinkedHashMap<>();

    static {
        OPTIONS.put("max_submits_per_minute", "--max-submits-per-minute");
        OPTIONS.put("budget_soft_limit_percent", "--soft-limit");
        OPTIONS.put("default_priority", "--default-priority");
        OPTIONS.put("budget_period", "--period");
        OPTIONS.put("over_budget", "--over-budget");
        OPTIONS.put("max_seats", "--max-seats");
        OPTIONS.put("weight", "--weight");
    }

    @Spec
    private CommandSpec spec;

    @Mixin
    private ClusterOptions cluster;

    @Parameters(index = "0", paramLabel = "<tenant>", description = "The tenant, as requests name it.")
    private String tenant;

    @Option(names = "--weight", description = "Its share among the tenants of a level, 1 to 1000.")
    private Integer weight;

    @Option(
            names = "--max-submits-per-minute",
            description = "Its submissions per minute at most, global per API key; 0: no cap.")
    private Integer maxSubmitsPerMinute;

    @Option(
            names = "--max-seats",
            description = "Its tasks unfinished upstream at most, global per API key; 0: no cap.")
    private Integer maxSeats;

    @Option(
            names = "--default-priority",
            description = "The level of its requests that name none: INTERACTIVE, STANDARD or BATCH.")
    private Priority defaultPriority;

    @Option(
            names = "--budget",
            description = "Credits its requests may cost per period, reserved before each submission; 0 or more.")
    private String budget;

    @Option(
            names = "--period",
            description = "The budget's period, in UTC: hours, days or calendar months, such as 12h, 1d or 1mo"
                    + " (default 1mo).")
    private String period;

    @Option(
            names = "--soft-limit",
            description = "The share of the budget, in percent, whose crossing raises an alert; 0 for none"
                    + " (default 80).")
    private Integer softLimit;

    @Option(
            names = "--over-budget",
            description = "What becomes of a request that does not fit: HOLD (it waits for room, the next"
                    + " period at the latest; the default) or FAIL (BUDGET_EXCEEDED at once).")
    private String overBudget;

    @Option(names = "--no-budget", description = "Remove its budget: its requests are no longer reserved.")
    private boolean noBudget;

    @Override
    public Integer call() throws InterruptedException {
        TenantsCommand.checkedTenant(spec, tenant);
        if (noBudget && (budget != null || period != null || softLimit != null || overBudget != null)) {
            throw new ParameterException(spec.commandLine(), "--no-budget cannot be given with other budget options");
        }
        // The options given must make a valid policy on their own: refused before Kafka is asked.
        checked(withOptions(JSON.createObjectNode()));
        final TenantsTopic topic = new TenantsTopic(cluster);
        return TenantsCommand.against(spec, () -> {
            final byte[] record = checked(withOptions(current(topic.readAll().get(tenant))));
            topic.write(tenant, record);
            spec.commandLine().getOut().println(tenant + " " + new String(record, StandardCharsets.UTF_8));
        });
    }

    /** {@code policy} with the options given set in it; what neither names stays the service's default. */
    private ObjectNode withOptions(final ObjectNode policy) {
        if (weight != null) {
            policy.put("weight", weight);
        }
        if (maxSubmitsPerMinute != null) {
            policy.put("max_submits_per_minute", maxSubmitsPerMinute);
        }
        if (maxSeats != null) {
            policy.put("max_seats", maxSeats);
        }
        if (defaultPriority != null) {
            policy.put("default_priority", defaultPriority.name());
        }
        if (noBudget) {
            policy.remove(List.of("budget", "budget_period", "budget_soft_limit_percent", "over_budget"));
        }
        if (budget != null) {
            try {
                policy.put("budget", new BigDecimal(budget.strip()));
            } catch (final NumberFormatException e) {
                policy.put("budget", budget); // the policy's check names it
            }
        }
        if (period != null) {
            policy.put("budget_period", period);
        }
        if (softLimit != null) {
            policy.put("budget_soft_limit_percent", softLimit);
        }
        if (overBudget != null) {
            policy.put("over_budget", overBudget);
        }
        return policy;
    }

    /** The record, once the service would accept it; a usage error naming the option otherwise. */
    private byte[] checked(final ObjectNode policy) {
        final byte[] record = policy.toString().getBytes(StandardCharsets.UTF_8);
        try {
            TenantPolicy.parse(record, TenantPolicy.unlimited());
        } catch (final IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), asOptions(e.getMessage()));
        }
        return record;
    }

    /** A policy's message in the command's words: its fields named as the options that set them. */
    private static String asOptions(final String message) {
        String named = message.startsWith("budget ") ? "--" + message : message;
        for (final Map.Entry<String, String> field : OPTIONS.entrySet()) {
            named = named.replace(field.getKey(), field.getValue());
        }
        return named;
    }

    /** The tenant's current record; empty when it has none or an invalid one (which the service ignores). */
    private static ObjectNode current(final byte[] record) {
        if (record != null) {
            try {
                TenantPolicy.parse(record, TenantPolicy.unlimited());
                return (ObjectNode) JSON.readTree(record);
            } catch (final IllegalArgumentException | IOException e) {
                // Invalid: start afresh.
            }
        }
        return JSON.createObjectNode();
    }
}
