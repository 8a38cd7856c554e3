package io.seedance.streams.serde;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;

/** A real HTTP server on loopback that answers every request with a scripted response and records it. */
final class ScriptedHttpServer implements AutoCloseable {

    record Recorded(String method, String path, String contentType, String authorization, String body) {}

    /** One scripted answer. */
    record Response(int status, String body) {}

    private final Deque<Response> inTurn = new ConcurrentLinkedDeque<>();

    private final HttpServer server;
    private final List<Recorded> requests = new CopyOnWriteArrayList<>();
    private final CountDownLatch released = new CountDownLatch(1);
    private volatile int status = 200;
    private volatile String body = "{}";
    private volatile boolean hang;

    ScriptedHttpServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setExecutor(Executors.newCachedThreadPool());
        server.createContext("/", this::handle);
        server.start();
    }

    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    ScriptedHttpServer respond(final int status, final String body) {
        this.status = status;
        this.body = body;
        return this;
    }

    /** These answers, one per request, before the default one. */
    ScriptedHttpServer respondInTurn(final Response... responses) {
        inTurn.addAll(List.of(responses));
        return this;
    }

    /** Never answer, until closed: a registry that hangs. */
    ScriptedHttpServer hang() {
        this.hang = true;
        return this;
    }

    List<Recorded> requests() {
        return requests;
    }

    private void handle(final HttpExchange exchange) throws IOException {
        requests.add(new Recorded(
                exchange.getRequestMethod(),
                exchange.getRequestURI().getRawPath(),
                exchange.getRequestHeaders().getFirst("Content-Type"),
                exchange.getRequestHeaders().getFirst("Authorization"),
                new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8)));
        if (hang) {
            try {
                released.await();
            } catch (final InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        final Response next = inTurn.poll();
        final byte[] bytes = (next != null ? next.body() : body).getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/vnd.schemaregistry.v1+json");
        exchange.sendResponseHeaders(next != null ? next.status() : status, bytes.length);
        exchange.getResponseBody().write(bytes);
        exchange.close();
    }

    @Override
    public void close() {
        released.countDown();
        server.stop(0);
    }
}
