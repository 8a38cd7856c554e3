package io.seedance.streams.ops;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/** How the endpoint's handlers answer: JSON bodies for GET, 405 otherwise, 503 when a check fails. */
final class Exchanges {

    static final ObjectMapper JSON = new ObjectMapper();

    /** A status and its JSON body. */
    record Answer(int status, ObjectNode body) {}

    /** Work that answers a GET. */
    interface JsonHandler {
        Answer handle(HttpExchange exchange) throws IOException, InterruptedException;
    }

    private Exchanges() {}

    /** An {@link HttpHandler} answering GETs with what {@code handler} returns, as JSON. */
    static HttpHandler json(final JsonHandler handler) {
        return exchange -> {
            try (exchange) {
                Answer answer;
                try {
                    answer = "GET".equals(exchange.getRequestMethod())
                            ? handler.handle(exchange)
                            : new Answer(405, JSON.createObjectNode().put("error", "use GET"));
                } catch (final InterruptedException e) {
                    Thread.currentThread().interrupt();
                    answer = new Answer(503, JSON.createObjectNode().put("error", "interrupted"));
                } catch (final RuntimeException e) {
                    answer = new Answer(
                            503,
                            JSON.createObjectNode().put("error", e.getClass().getSimpleName() + ": " + e.getMessage()));
                }
                send(
                        exchange,
                        answer.status(),
                        "application/json",
                        answer.body().toString().getBytes(StandardCharsets.UTF_8));
            }
        };
    }

    static void send(final HttpExchange exchange, final int status, final String contentType, final byte[] body)
            throws IOException {
        exchange.getResponseHeaders().add("Content-Type", contentType);
        exchange.sendResponseHeaders(status, body.length);
        exchange.getResponseBody().write(body);
    }
}
