package io.seedance.streams.topology;

import java.math.BigDecimal;
import java.math.RoundingMode;

/**
 * Amounts of the upstream's credits, kept as whole millionths: the upstream spells them with six
 * decimals ({@code "0.500000"}), so every amount it charges is exact here, and sums never drift as
 * doubles would.
 */
public final class Credits {

    /** Millionths in one credit. */
    public static final long ONE = 1_000_000L;

    private Credits() {}

    /**
     * {@code decimal} credits in millionths, rounded up (an estimate must never come out low);
     * an {@link IllegalArgumentException} naming the value when it is not a number of credits from 0.
     */
    public static long parse(final String decimal) {
        final BigDecimal value;
        try {
            value = new BigDecimal(decimal.strip());
        } catch (final NumberFormatException e) {
            throw new IllegalArgumentException("not a number of credits: '" + decimal + "'");
        }
        if (value.signum() < 0) {
            throw new IllegalArgumentException("credits cannot be negative, got " + decimal);
        }
        try {
            return value.movePointRight(6).setScale(0, RoundingMode.CEILING).longValueExact();
        } catch (final ArithmeticException e) {
            throw new IllegalArgumentException("too many credits: " + decimal);
        }
    }

    /** What the upstream said it charged, in millionths: 0 when it said nothing, or nothing readable. */
    static long charged(final String consumed) {
        if (consumed == null || consumed.isBlank()) {
            return 0;
        }
        try {
            return parse(consumed);
        } catch (final IllegalArgumentException e) {
            return 0;
        }
    }

    /** Millionths as a decimal number of credits, without trailing zeros: {@code 500000} is "0.5". */
    public static String format(final long millionths) {
        return BigDecimal.valueOf(millionths, 6).stripTrailingZeros().toPlainString();
    }

    /** Millionths as a double number of credits, for the metrics. */
    static double asDouble(final long millionths) {
        return millionths / (double) ONE;
    }
}
