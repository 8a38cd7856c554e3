package io.seedance.streams.service;

import java.util.List;

/** Every bad key, each with the reason; the message lists them one per line. */
public final class InvalidConfigurationException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final List<String> problems;

    InvalidConfigurationException(final List<String> problems) {
        super("Invalid configuration:\n  - " + String.join("\n  - ", problems));
        this.problems = List.copyOf(problems);
    }

    public List<String> problems() {
        return problems;
    }
}
