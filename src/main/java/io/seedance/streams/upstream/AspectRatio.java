package io.seedance.streams.upstream;

import java.util.Arrays;
import java.util.Optional;

/** The aspect ratios the upstream accepts, with their wire spelling. */
public enum AspectRatio {
    WIDE_16_9("16:9"),
    TALL_9_16("9:16"),
    SQUARE_1_1("1:1"),
    CLASSIC_4_3("4:3"),
    PORTRAIT_3_4("3:4"),
    CINEMA_21_9("21:9");

    /** The upstream's default. */
    public static final AspectRatio DEFAULT = WIDE_16_9;

    private final String wire;

    AspectRatio(final String wire) {
        this.wire = wire;
    }

    public String wire() {
        return wire;
    }

    public static Optional<AspectRatio> fromWire(final String value) {
        return Arrays.stream(values()).filter(r -> r.wire.equals(value)).findFirst();
    }

    /** The accepted spellings, for error messages. */
    public static String accepted() {
        return String.join(" ", Arrays.stream(values()).map(AspectRatio::wire).toList());
    }
}
