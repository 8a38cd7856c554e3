package io.seedance.streams.testing;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import javax.net.ssl.SSLContext;

/**
 * A reverse proxy on loopback in front of a registry. It can demand HTTP basic auth, as a registry
 * behind an authenticating gateway does (Apicurio's own auth needs an OIDC server; this gives the
 * tests a real 401 over real HTTP), and it can play a registry outage (503 for every call).
 */
public final class RegistryProxy implements AutoCloseable {

    private final HttpServer server;
    private final HttpClient client = HttpClient.newHttpClient();
    private final String target;
    private final String expected;
    private volatile boolean available = true;

    /** A proxy that lets everything through. */
    public RegistryProxy(final String targetBaseUrl) throws IOException {
        this(targetBaseUrl, null, null);
    }

    /** A proxy that demands {@code user:password} (none when {@code user} is null). */
    public RegistryProxy(final String targetBaseUrl, final String user, final String password) throws IOException {
        this(targetBaseUrl, user, password, null);
    }

    /**
     * The same over HTTPS with {@code tls} (a TLS-terminating gateway before the registry, as
     * registries are commonly deployed); plain HTTP when it is null.
     */
    public RegistryProxy(final String targetBaseUrl, final String user, final String password, final SSLContext tls)
            throws IOException {
        this.target = targetBaseUrl;
        this.expected = user == null
                ? null
                : "Basic "
                        + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
        final InetSocketAddress loopback = new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);
        if (tls == null) {
            this.server = HttpServer.create(loopback, 0);
        } else {
            final HttpsServer https = HttpsServer.create(loopback, 0);
            https.setHttpsConfigurator(new HttpsConfigurator(tls));
            this.server = https;
        }
        server.createContext("/", this::forward);
        server.start();
    }

    /** The proxy's base URL, standing for the target's. */
    public String url() {
        return (server instanceof HttpsServer ? "https" : "http") + "://127.0.0.1:"
                + server.getAddress().getPort();
    }

    /** While false, every call is answered 503, as a registry that is down behind its load balancer. */
    public void available(final boolean up) {
        this.available = up;
    }

    private void forward(final HttpExchange exchange) throws IOException {
        try (exchange) {
            if (!available) {
                send(exchange, 503, "{\"error_code\":50301,\"message\":\"Service Unavailable\"}");
                return;
            }
            if (expected != null
                    && !expected.equals(exchange.getRequestHeaders().getFirst("Authorization"))) {
                send(exchange, 401, "{\"error_code\":40101,\"message\":\"Unauthorized\"}");
                return;
            }
            final byte[] body = exchange.getRequestBody().readAllBytes();
            final HttpRequest.Builder request = HttpRequest.newBuilder(
                            URI.create(target + exchange.getRequestURI().getRawPath()))
                    .method(
                            exchange.getRequestMethod(),
                            body.length == 0
                                    ? HttpRequest.BodyPublishers.noBody()
                                    : HttpRequest.BodyPublishers.ofByteArray(body));
            final String contentType = exchange.getRequestHeaders().getFirst("Content-Type");
            if (contentType != null) {
                request.header("Content-Type", contentType);
            }
            final HttpResponse<String> response = client.send(request.build(), HttpResponse.BodyHandlers.ofString());
            send(exchange, response.statusCode(), response.body());
        } catch (final InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void send(final HttpExchange exchange, final int status, final String body) throws IOException {
        final byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/vnd.schemaregistry.v1+json");
        exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
        if (bytes.length > 0) {
            exchange.getResponseBody().write(bytes);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
