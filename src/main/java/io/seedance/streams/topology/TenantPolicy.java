package io.seedance.streams.topology;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.seedance.streams.schemas.Priority;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * What one tenant may have of the upstream: its weight among the tenants of a level, its quotas
 * (global per API key, 0 for none), the level of its requests that name none, and its credit
 * budget if it has one. Kept in the tenants topic as JSON, keyed by tenant, for example
 * {@code {"weight":2,"max_submits_per_minute":20,"max_seats":10,"default_priority":"BATCH",
 * "budget":100,"budget_period":"1d","budget_soft_limit_percent":80,"over_budget":"HOLD"}};
 * a field left out takes the configured default (a budget's fields, the {@link Budget}'s).
 *
 * @param weight              its share among the tenants of a level, relative to the others (1..1000)
 * @param maxSubmitsPerMinute its submissions per minute at most, 0 for no cap
 * @param maxSeats            its tasks unfinished upstream at most, 0 for no cap
 * @param defaultPriority     the level of its requests that name none; null for STANDARD
 * @param budget              what its requests may cost per period; null for no limit
 */
public record TenantPolicy(int weight, int maxSubmitsPerMinute, int maxSeats, Priority defaultPriority, Budget budget) {

    public static final int MAX_WEIGHT = 1_000;

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Set<String> FIELDS = Set.of(
            "weight",
            "max_submits_per_minute",
            "max_seats",
            "default_priority",
            "budget",
            "budget_period",
            "budget_soft_limit_percent",
            "over_budget");
    private static final List<String> BUDGET_DETAILS =
            List.of("budget_period", "budget_soft_limit_percent", "over_budget");

    public TenantPolicy {
        final List<String> problems = new ArrayList<>();
        if (weight < 1 || weight > MAX_WEIGHT) {
            problems.add("weight must be from 1 to " + MAX_WEIGHT + ", got " + weight);
        }
        if (maxSubmitsPerMinute < 0) {
            problems.add("max_submits_per_minute must be 0 (no cap) or more, got " + maxSubmitsPerMinute);
        }
        if (maxSeats < 0) {
            problems.add("max_seats must be 0 (no cap) or more, got " + maxSeats);
        }
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException(String.join("; ", problems));
        }
    }

    /** A policy without a budget. */
    public TenantPolicy(
            final int weight, final int maxSubmitsPerMinute, final int maxSeats, final Priority defaultPriority) {
        this(weight, maxSubmitsPerMinute, maxSeats, defaultPriority, null);
    }

    /** No cap, weight 1, STANDARD, no budget. */
    public static TenantPolicy unlimited() {
        return new TenantPolicy(1, 0, 0, null, null);
    }

    /**
     * The policy a record of the tenants topic states, its missing fields taken from {@code
     * defaults}; an {@link IllegalArgumentException} naming what is wrong otherwise.
     */
    public static TenantPolicy parse(final byte[] json, final TenantPolicy defaults) {
        final JsonNode node;
        try {
            node = JSON.readTree(json);
        } catch (final IOException e) {
            throw new IllegalArgumentException(
                    "not JSON: " + e.getMessage().lines().findFirst().orElse(""));
        }
        if (node == null || !node.isObject()) {
            throw new IllegalArgumentException("not a JSON object");
        }
        for (final Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
            final String name = names.next();
            if (!FIELDS.contains(name)) {
                throw new IllegalArgumentException("unknown field '" + name + "' (known: " + FIELDS + ")");
            }
        }
        return new TenantPolicy(
                integer(node, "weight", defaults.weight()),
                integer(node, "max_submits_per_minute", defaults.maxSubmitsPerMinute()),
                integer(node, "max_seats", defaults.maxSeats()),
                priority(node, defaults.defaultPriority()),
                budget(node, defaults.budget()));
    }

    /** The record of the tenants topic that states this policy. */
    public byte[] toJson() {
        final ObjectNode node = JSON.createObjectNode()
                .put("weight", weight)
                .put("max_submits_per_minute", maxSubmitsPerMinute)
                .put("max_seats", maxSeats);
        if (defaultPriority != null) {
            node.put("default_priority", defaultPriority.name());
        }
        if (budget != null) {
            node.put("budget", new BigDecimal(Credits.format(budget.credits())))
                    .put("budget_period", budget.period().toString())
                    .put("budget_soft_limit_percent", budget.softLimitPercent())
                    .put("over_budget", budget.overBudget().name());
        }
        return node.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static int integer(final JsonNode node, final String name, final int fallback) {
        final JsonNode value = node.get(name);
        if (value == null || value.isNull()) {
            return fallback;
        }
        if (!value.isIntegralNumber() || !value.canConvertToInt()) {
            throw new IllegalArgumentException(name + " must be a whole number, got " + value);
        }
        return value.intValue();
    }

    /** The budget the record states: its amount, with the details it gives or the defaults' (else the Budget's). */
    private static Budget budget(final JsonNode node, final Budget fallback) {
        final JsonNode amount = node.get("budget");
        if (amount == null || amount.isNull()) {
            for (final String detail : BUDGET_DETAILS) {
                if (node.hasNonNull(detail)) {
                    throw new IllegalArgumentException(detail + " needs a budget");
                }
            }
            return fallback;
        }
        if (!amount.isNumber() && !amount.isTextual()) {
            throw new IllegalArgumentException("budget must be a number of credits, got " + amount);
        }
        final long credits;
        try {
            credits = Credits.parse(amount.isNumber() ? amount.decimalValue().toPlainString() : amount.asText());
        } catch (final IllegalArgumentException e) {
            throw new IllegalArgumentException("budget must be a number of credits from 0, got " + amount);
        }
        final JsonNode period = node.get("budget_period");
        final JsonNode overBudget = node.get("over_budget");
        return new Budget(
                credits,
                period == null || period.isNull()
                        ? fallback != null ? fallback.period() : Budget.DEFAULT_PERIOD
                        : BudgetPeriod.parse(period.asText()),
                integer(
                        node,
                        "budget_soft_limit_percent",
                        fallback != null ? fallback.softLimitPercent() : Budget.DEFAULT_SOFT_LIMIT_PERCENT),
                overBudget == null || overBudget.isNull()
                        ? fallback != null ? fallback.overBudget() : Budget.OverBudget.HOLD
                        : Budget.OverBudget.parse(overBudget.asText()));
    }

    private static Priority priority(final JsonNode node, final Priority fallback) {
        final JsonNode value = node.get("default_priority");
        if (value == null || value.isNull()) {
            return fallback;
        }
        try {
            return Priority.valueOf(value.asText().toUpperCase(Locale.ROOT));
        } catch (final IllegalArgumentException e) {
            throw new IllegalArgumentException(
                    "default_priority must be one of INTERACTIVE, STANDARD, BATCH, got " + value);
        }
    }
}
