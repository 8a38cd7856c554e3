package io.seedance.streams.service;

import static io.seedance.streams.service.ConfigKey.Kind.INT;
import static io.seedance.streams.service.Rules.atLeast;
import static io.seedance.streams.service.Rules.between;
import static org.apache.kafka.common.config.ConfigDef.Importance.MEDIUM;

import io.seedance.streams.schemas.Priority;
import io.seedance.streams.topology.LevelMetrics;
import io.seedance.streams.topology.Levels;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The keys of the priority levels: two per level, {@code level.<level>.share} and {@code
 * level.<level>.reserved.seats} (docs/design.md, "Priority levels"). Their defaults are {@link
 * Levels#defaults()}.
 */
final class LevelKeys {

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

    /** Every key of this class, level after level. */
    static final List<ConfigKey<?>> ALL = List.of(
            SHARES.get(Priority.INTERACTIVE),
            RESERVED_SEATS.get(Priority.INTERACTIVE),
            SHARES.get(Priority.STANDARD),
            RESERVED_SEATS.get(Priority.STANDARD),
            SHARES.get(Priority.BATCH),
            RESERVED_SEATS.get(Priority.BATCH));

    private LevelKeys() {}

    private static Map<Priority, ConfigKey<Integer>> keys(final Function<Priority, ConfigKey<Integer>> key) {
        final Map<Priority, ConfigKey<Integer>> keys = new EnumMap<>(Priority.class);
        for (final Priority level : Priority.values()) {
            keys.put(level, key.apply(level));
        }
        return keys;
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
