package io.seedance.streams.simulator;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a prompt can ask of the simulator, so that a test or a demo gets any failure the real
 * upstream gives, on the request it chooses:
 *
 * <ul>
 *   <li>{@code [reject: <message>]}: the submission is answered HTTP 400 with that message (as the
 *       upstream refuses invalid or sensitive input);
 *   <li>{@code [fail: <reason>]}: the task is created and fails with that {@code status_reason.message}
 *       (as generations refused by moderation of the output do).
 * </ul>
 */
final class PromptDirectives {

    private static final Pattern DIRECTIVE = Pattern.compile("\\[(reject|fail):\\s*([^\\]]+?)\\s*\\]");

    private PromptDirectives() {}

    /** The text items of a generate body's {@code content}, one after the other. */
    static String promptOf(final JsonNode body) {
        final StringBuilder text = new StringBuilder();
        for (final JsonNode item : body.path("content")) {
            if ("text".equals(item.path("type").asText())) {
                text.append(item.path("text").asText("")).append('\n');
            }
        }
        return text.toString();
    }

    static Optional<String> rejection(final String prompt) {
        return find(prompt, "reject");
    }

    static Optional<String> failure(final String prompt) {
        return find(prompt, "fail");
    }

    private static Optional<String> find(final String prompt, final String kind) {
        if (prompt == null) {
            return Optional.empty();
        }
        final Matcher matcher = DIRECTIVE.matcher(prompt);
        while (matcher.find()) {
            if (matcher.group(1).equals(kind)) {
                return Optional.of(matcher.group(2));
            }
        }
        return Optional.empty();
    }
}
