package io.seedance.streams.service;

import static io.seedance.streams.service.ConfigKey.Kind.INT;
import static io.seedance.streams.service.ConfigKey.Kind.STRING;
import static io.seedance.streams.service.Rules.atLeast;
import static io.seedance.streams.service.Rules.between;
import static org.apache.kafka.common.config.ConfigDef.Importance.MEDIUM;

import io.seedance.streams.schemas.Priority;
import io.seedance.streams.topology.BudgetPrices;
import io.seedance.streams.topology.Credits;
import io.seedance.streams.topology.LevelMetrics;
import io.seedance.streams.topology.Levels;
import io.seedance.streams.topology.ProcessorMetrics;
import io.seedance.streams.topology.TenantPolicy;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The keys of the scheduler: two per priority level, {@code level.<level>.share} and {@code
 * level.<level>.reserved.seats} (docs/design.md, "Priority levels"), whose defaults are {@link
 * Levels#defaults()}; and the policy of a tenant the tenants topic does not name.
 */
final class SchedulerKeys {

    private static final Levels DEFAULTS = Levels.defaults();

    static final Map<Priority, ConfigKey<Integer>> SHARES = keys(level -> ConfigKey.of(
            "level." + LevelMetrics.tag(level) + ".share",
            INT,
            DEFAULTS.share(level),
            atLeast(1),
            MEDIUM,
            "The " + level + " level's weight in the fair order of submissions while several levels wait;"
                    + " a level with nothing waiting lends it to the others."));

    static final Map<Priority, ConfigKey<Integer>> RESERVED_SEATS = keys(level -> ConfigKey.of(
            "level." + LevelMetrics.tag(level) + ".reserved.seats",
            INT,
            DEFAULTS.reservedSeats().get(level),
            between(0, 100),
            MEDIUM,
            "Percentage of upstream.max.tasks.in.flight that only the " + level
                    + " level may take (the levels' together at most 100)."));

    static final ConfigKey<Integer> TENANT_WEIGHT = ConfigKey.of(
            "tenant.default.weight",
            INT,
            1,
            between(1, TenantPolicy.MAX_WEIGHT),
            MEDIUM,
            "The weight, among the tenants of a level, of a tenant the tenants topic does not name"
                    + " (or names without a weight).");
    static final ConfigKey<Integer> TENANT_MAX_SUBMITS_PER_MINUTE = ConfigKey.of(
            "tenant.default.max.submits.per.minute",
            INT,
            0,
            atLeast(0),
            MEDIUM,
            "Submissions per minute a tenant may have at most, global per API key, unless the tenants topic"
                    + " says otherwise; 0: no cap.");
    static final ConfigKey<Integer> TENANT_MAX_SEATS = ConfigKey.of(
            "tenant.default.max.seats",
            INT,
            0,
            atLeast(0),
            MEDIUM,
            "Tasks unfinished upstream a tenant may have at most, global per API key, unless the tenants topic"
                    + " says otherwise; 0: no cap.");

    static final ConfigKey<Integer> TENANT_LABELS = ConfigKey.of(
            "metrics.tenant.labels",
            INT,
            ProcessorMetrics.DEFAULT_TENANT_LABELS,
            between(0, 1000),
            MEDIUM,
            "Tenants that get their own tenant label on the seedance_tenant_* metrics, at most: the first ones"
                    + " this instance sees; later ones are counted under tenant=\"other\". Bounds the series.");

    /** Every key of this class, level after level, then the tenants' defaults and their metrics' bound. */
    static final ConfigKey<String> BUDGET_PRICE_PER_SECOND = ConfigKey.of(
            "budget.price.per.second",
            STRING,
            Credits.format(BudgetPrices.DEFAULT.perSecond()),
            Rules.readBy(Credits::parse),
            MEDIUM,
            "Credits per second of video a budget reserves for a request of a model not named in"
                    + " budget.model.prices; the service raises it to the highest price it has seen charged,"
                    + " never lowers it below this.");

    static final ConfigKey<String> BUDGET_MODEL_PRICES = ConfigKey.of(
            "budget.model.prices",
            STRING,
            "",
            Rules.readBy(BudgetPrices::parseByModel),
            MEDIUM,
            "Credits per second of video by model, as model=credits pairs separated by commas"
                    + " (for example seedance-2.0=0.1,seedance-2.0-fast=0.05); other models take"
                    + " budget.price.per.second.");

    static final List<ConfigKey<?>> ALL = List.of(
            SHARES.get(Priority.INTERACTIVE),
            RESERVED_SEATS.get(Priority.INTERACTIVE),
            SHARES.get(Priority.STANDARD),
            RESERVED_SEATS.get(Priority.STANDARD),
            SHARES.get(Priority.BATCH),
            RESERVED_SEATS.get(Priority.BATCH),
            TENANT_WEIGHT,
            TENANT_MAX_SUBMITS_PER_MINUTE,
            TENANT_MAX_SEATS,
            TENANT_LABELS,
            BUDGET_PRICE_PER_SECOND,
            BUDGET_MODEL_PRICES);

    private SchedulerKeys() {}

    /** The budget estimate's floor, as configured. */
    static BudgetPrices prices(final Function<ConfigKey<String>, String> get) {
        return new BudgetPrices(
                Credits.parse(get.apply(BUDGET_PRICE_PER_SECOND)),
                BudgetPrices.parseByModel(get.apply(BUDGET_MODEL_PRICES)));
    }

    private static Map<Priority, ConfigKey<Integer>> keys(final Function<Priority, ConfigKey<Integer>> key) {
        final Map<Priority, ConfigKey<Integer>> keys = new EnumMap<>(Priority.class);
        for (final Priority level : Priority.values()) {
            keys.put(level, key.apply(level));
        }
        return keys;
    }

    /** The policy of a tenant the tenants topic does not name, given the keys' values. */
    static TenantPolicy tenantDefaults(final Function<ConfigKey<Integer>, Integer> get) {
        return new TenantPolicy(
                get.apply(TENANT_WEIGHT), get.apply(TENANT_MAX_SUBMITS_PER_MINUTE), get.apply(TENANT_MAX_SEATS), null);
    }

    /** The levels as configured, given their keys' values. */
    static Levels levels(final Function<ConfigKey<Integer>, Integer> get) {
        final Map<Priority, Integer> shares = new EnumMap<>(Priority.class);
        final Map<Priority, Integer> reserved = new EnumMap<>(Priority.class);
        for (final Priority level : Priority.values()) {
            shares.put(level, get.apply(SHARES.get(level)));
            reserved.put(level, get.apply(RESERVED_SEATS.get(level)));
        }
        return new Levels(shares, reserved);
    }
}
