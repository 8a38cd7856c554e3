package io.seedance.streams.topology;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The configured price per second of video, by model: the floor of every estimate. The ledger
 * raises a model's price to the highest it has seen charged (see {@link LedgerProcessor}), never
 * lowers it below this.
 *
 * @param perSecond the price of a model not named in {@code byModel}, in millionths of a credit
 * @param byModel   prices of named models, in millionths of a credit per second
 */
public record BudgetPrices(long perSecond, Map<String, Long> byModel) {

    /** 0.1 credit per second: what the upstream charged for every model when this was written. */
    public static final BudgetPrices DEFAULT = new BudgetPrices(100_000, Map.of());

    public BudgetPrices {
        if (perSecond < 0 || byModel.values().stream().anyMatch(price -> price < 0)) {
            throw new IllegalArgumentException("prices cannot be negative");
        }
        byModel = Map.copyOf(byModel);
    }

    /**
     * Prices as configured: {@code model=credits} pairs separated by commas, such as
     * {@code seedance-2.0=0.1,seedance-2.0-fast=0.05}; an {@link IllegalArgumentException} naming
     * the pair otherwise.
     */
    public static Map<String, Long> parseByModel(final String pairs) {
        final Map<String, Long> prices = new LinkedHashMap<>();
        if (pairs == null || pairs.isBlank()) {
            return prices;
        }
        for (final String pair : pairs.split(",")) {
            final int equals = pair.indexOf('=');
            if (equals <= 0 || pair.substring(0, equals).isBlank()) {
                throw new IllegalArgumentException("expected model=credits, got '" + pair.strip() + "'");
            }
            prices.put(pair.substring(0, equals).strip(), Credits.parse(pair.substring(equals + 1)));
        }
        return prices;
    }

    /** The configured price per second of {@code model}, in millionths. */
    long of(final String model) {
        return byModel.getOrDefault(model, perSecond);
    }
}
