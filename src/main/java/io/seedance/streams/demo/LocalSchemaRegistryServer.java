package io.seedance.streams.demo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.seedance.streams.serde.InMemorySchemaRegistry;
import io.seedance.streams.serde.RegisteredSchema;
import io.seedance.streams.serde.SchemaRegistryException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.avro.Schema;
import org.apache.avro.SchemaParseException;

/**
 * A small schema registry speaking the Confluent REST API (the four calls a serde makes) on
 * loopback, for the demo: clients configure it exactly as a production registry, by URL. Its
 * registrations are appended to a file and replayed at start, so schema ids stay the same across
 * restarts and records written by an earlier run still decode.
 */
public final class LocalSchemaRegistryServer implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String CONTENT_TYPE = "application/vnd.schemaregistry.v1+json";
    private static final Pattern VERSIONS = Pattern.compile("/subjects/([^/]+)/versions/?");
    private static final Pattern LATEST = Pattern.compile("/subjects/([^/]+)/versions/latest");
    private static final Pattern SUBJECT = Pattern.compile("/subjects/([^/]+)/?");
    private static final Pattern BY_ID = Pattern.compile("/schemas/ids/(\\d+)");

    private final InMemorySchemaRegistry registry = new InMemorySchemaRegistry();
    private final Path journal;
    private final HttpServer server;

    private LocalSchemaRegistryServer(final Path journal) throws IOException {
        this.journal = journal;
        replay();
        this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", this::handle);
    }

    /** Starts on a free loopback port, with its registrations kept in {@code journal}. */
    public static LocalSchemaRegistryServer start(final Path journal) throws IOException {
        final LocalSchemaRegistryServer registry = new LocalSchemaRegistryServer(journal);
        registry.server.start();
        return registry;
    }

    public String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    private void handle(final HttpExchange exchange) throws IOException {
        try (exchange) {
            final String path = exchange.getRequestURI().getRawPath();
            final String method = exchange.getRequestMethod();
            final byte[] body = exchange.getRequestBody().readAllBytes();
            Matcher match;
            try {
                if ("GET".equals(method) && ("/subjects".equals(path) || "/subjects/".equals(path))) {
                    // What clients (and the service's readiness check) ask to see that a registry answers.
                    final ArrayNode subjects = JSON.createArrayNode();
                    registry.subjects().forEach(subjects::add);
                    reply(exchange, 200, subjects);
                } else if ("GET".equals(method) && (match = BY_ID.matcher(path)).matches()) {
                    reply(
                            exchange,
                            200,
                            JSON.createObjectNode()
                                    .put(
                                            "schema",
                                            registry.byId(Integer.parseInt(match.group(1)))
                                                    .toString()));
                } else if ("GET".equals(method) && (match = LATEST.matcher(path)).matches()) {
                    final String subject = decode(match.group(1));
                    final RegisteredSchema latest = registry.latest(subject);
                    reply(
                            exchange,
                            200,
                            JSON.createObjectNode()
                                    .put("subject", subject)
                                    .put("id", latest.id())
                                    .put("version", latest.version())
                                    .put("schema", latest.schema().toString()));
                } else if ("POST".equals(method) && (match = VERSIONS.matcher(path)).matches()) {
                    final String subject = decode(match.group(1));
                    final Schema schema = schema(body);
                    final int id = register(subject, schema);
                    reply(exchange, 200, JSON.createObjectNode().put("id", id));
                } else if ("POST".equals(method) && (match = SUBJECT.matcher(path)).matches()) {
                    final String subject = decode(match.group(1));
                    final Schema schema = schema(body);
                    reply(
                            exchange,
                            200,
                            JSON.createObjectNode()
                                    .put("subject", subject)
                                    .put("id", registry.idOf(subject, schema))
                                    .put("schema", schema.toString()));
                } else {
                    reply(exchange, 404, error(404, "not found: " + method + " " + path));
                }
            } catch (final SchemaRegistryException e) {
                reply(exchange, e.status(), error(e.errorCode(), e.getMessage()));
            } catch (final SchemaParseException | IOException | IllegalArgumentException e) {
                reply(exchange, 422, error(42201, "invalid schema: " + e.getMessage()));
            }
        }
    }

    private synchronized int register(final String subject, final Schema schema) throws IOException {
        try {
            return registry.idOf(subject, schema);
        } catch (final SchemaRegistryException notYet) {
            // New under this subject: register it and journal it, once.
        }
        final int known = registry.register(subject, schema);
        final String line = JSON.createObjectNode().put("subject", subject).put("schema", schema.toString()) + "\n";
        Files.writeString(journal, line, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        return known;
    }

    private void replay() throws IOException {
        if (!Files.exists(journal)) {
            Files.createDirectories(journal.toAbsolutePath().getParent());
            return;
        }
        final List<String> lines = Files.readAllLines(journal, StandardCharsets.UTF_8);
        for (final String line : lines) {
            if (!line.isBlank()) {
                final JsonNode entry = JSON.readTree(line);
                registry.register(
                        entry.path("subject").asText(),
                        new Schema.Parser().parse(entry.path("schema").asText()));
            }
        }
    }

    private static Schema schema(final byte[] body) throws IOException {
        return new Schema.Parser().parse(JSON.readTree(body).path("schema").asText());
    }

    private static ObjectNode error(final int code, final String message) {
        return JSON.createObjectNode().put("error_code", code).put("message", message);
    }

    private static void reply(final HttpExchange exchange, final int status, final JsonNode body) {
        try {
            final byte[] bytes = body.toString().getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", CONTENT_TYPE);
            exchange.sendResponseHeaders(status, bytes.length);
            exchange.getResponseBody().write(bytes);
        } catch (final IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String decode(final String segment) {
        return URLDecoder.decode(segment, StandardCharsets.UTF_8);
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
