package io.seedance.streams.topology;

import java.util.Locale;

/**
 * A tenant's credit budget: what its requests may cost per period, reserved before each
 * submission and settled with what the upstream charged, so that what is settled plus what is
 * reserved never exceeds it.
 *
 * @param credits          the budget per period, in millionths of a credit ({@link Credits})
 * @param period           the period it renews over
 * @param softLimitPercent the share of it whose crossing raises an alert, 1..100; 0 for none
 * @param overBudget       what becomes of a request that does not fit
 */
public record Budget(long credits, BudgetPeriod period, int softLimitPercent, OverBudget overBudget) {

    public static final BudgetPeriod DEFAULT_PERIOD = BudgetPeriod.parse("1mo");
    public static final int DEFAULT_SOFT_LIMIT_PERCENT = 80;

    /** What becomes of a request whose estimated cost does not fit in its tenant's budget. */
    public enum OverBudget {
        /** It waits, unsubmitted, until the budget has room (the next period at the latest); its deadline still holds. */
        HOLD,
        /** It fails at once with BUDGET_EXCEEDED (retriable: the next period has room). */
        FAIL;

        static OverBudget parse(final String spelling) {
            try {
                return valueOf(spelling.strip().toUpperCase(Locale.ROOT));
            } catch (final IllegalArgumentException e) {
                throw new IllegalArgumentException("over_budget must be HOLD or FAIL, got '" + spelling + "'");
            }
        }
    }

    public Budget {
        if (credits < 0) {
            throw new IllegalArgumentException("budget cannot be negative, got " + Credits.format(credits));
        }
        if (softLimitPercent < 0 || softLimitPercent > 100) {
            throw new IllegalArgumentException(
                    "budget_soft_limit_percent must be from 0 (none) to 100, got " + softLimitPercent);
        }
        if (period == null || overBudget == null) {
            throw new IllegalArgumentException("a budget needs a period and what to do over it");
        }
    }

    /** The soft limit in millionths; Long.MAX_VALUE when there is none. */
    long softLimit() {
        return softLimitPercent == 0 ? Long.MAX_VALUE : Math.multiplyExact(credits, softLimitPercent) / 100;
    }

    /** How the budget reads in a message: "100 credits per 1d". */
    String describe() {
        return Credits.format(credits) + " credits per " + period;
    }
}
