package io.seedance.streams.topology;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The period a budget renews over: a number of hours, days or calendar months, in UTC. Periods
 * are aligned, so every instance and every restart agrees on where one starts: hours and days
 * count from the epoch (a {@code 1d} period starts at midnight UTC), months from January of year 0
 * (a {@code 1mo} period starts on the 1st, a {@code 3mo} one at the start of a quarter).
 *
 * @param count how many units, 1 or more
 * @param unit  HOURS, DAYS or MONTHS
 */
public record BudgetPeriod(int count, ChronoUnit unit) {

    private static final Pattern SPELLING = Pattern.compile("(\\d{1,4})(h|d|mo)");

    public BudgetPeriod {
        if (count < 1) {
            throw new IllegalArgumentException("a budget period is 1 unit or more, got " + count);
        }
        if (unit != ChronoUnit.HOURS && unit != ChronoUnit.DAYS && unit != ChronoUnit.MONTHS) {
            throw new IllegalArgumentException("a budget period is in hours, days or months, got " + unit);
        }
    }

    /** {@code 12h}, {@code 1d}, {@code 7d}, {@code 1mo}; an {@link IllegalArgumentException} naming it otherwise. */
    public static BudgetPeriod parse(final String spelling) {
        final Matcher matcher =
                SPELLING.matcher(spelling == null ? "" : spelling.strip().toLowerCase(Locale.ROOT));
        if (!matcher.matches() || Integer.parseInt(matcher.group(1)) < 1) {
            throw new IllegalArgumentException(
                    "a budget period is a number of hours, days or months, such as 12h, 1d or 1mo; got '" + spelling
                            + "'");
        }
        final ChronoUnit unit = switch (matcher.group(2)) {
            case "h" -> ChronoUnit.HOURS;
            case "d" -> ChronoUnit.DAYS;
            default -> ChronoUnit.MONTHS;
        };
        return new BudgetPeriod(Integer.parseInt(matcher.group(1)), unit);
    }

    /** When the period that holds {@code at} began (epoch millis). */
    public long startOf(final long at) {
        if (unit == ChronoUnit.MONTHS) {
            final LocalDate day =
                    Instant.ofEpochMilli(at).atZone(ZoneOffset.UTC).toLocalDate();
            final long months = day.getYear() * 12L + day.getMonthValue() - 1;
            final long first = months - Math.floorMod(months, count);
            return LocalDate.of((int) Math.floorDiv(first, 12), (int) Math.floorMod(first, 12) + 1, 1)
                    .atStartOfDay(ZoneOffset.UTC)
                    .toInstant()
                    .toEpochMilli();
        }
        final long length = unit.getDuration().toMillis() * count;
        return at - Math.floorMod(at, length);
    }

    /** When the period that began at {@code start} ends, and the next begins. */
    public long endOf(final long start) {
        return ZonedDateTime.ofInstant(Instant.ofEpochMilli(start), ZoneOffset.UTC)
                .plus(count, unit)
                .toInstant()
                .toEpochMilli();
    }

    @Override
    public String toString() {
        return count + (unit == ChronoUnit.HOURS ? "h" : unit == ChronoUnit.DAYS ? "d" : "mo");
    }
}
