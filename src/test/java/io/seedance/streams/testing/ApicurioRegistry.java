package io.seedance.streams.testing;

import static org.awaitility.Awaitility.await;

import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A real schema registry speaking the Confluent REST API: Apicurio Registry, unpacked from its
 * Maven Central distribution by the build ({@code apicurio.home}), run as a child process with
 * in-memory storage on a free loopback port. Compatibility is set to BACKWARD, Confluent's default.
 */
public final class ApicurioRegistry implements AutoCloseable {

    private static final String CCOMPAT = "/apis/ccompat/v7";

    private final Process process;
    private final int port;

    private ApicurioRegistry(final Process process, final int port) {
        this.process = process;
        this.port = port;
    }

    public static ApicurioRegistry start() {
        final Path home = Path.of(System.getProperty("apicurio.home", "target/apicurio"));
        final Path runner;
        try (Stream<Path> files = Files.list(home)) {
            runner = files.filter(p -> p.getFileName().toString().endsWith("-runner.jar"))
                    .findFirst()
                    .orElseThrow();
        } catch (final IOException | NoSuchElementException e) {
            throw new IllegalStateException(
                    "No Apicurio Registry under " + home.toAbsolutePath()
                            + ": run the integration tests through Maven (mvn verify), which unpacks it",
                    e);
        }
        final int port = freePort();
        final Path log = home.resolve("registry-" + port + ".log");
        try {
            final Process process = new ProcessBuilder(List.of(
                            Path.of(System.getProperty("java.home"), "bin", "java")
                                    .toString(),
                            "-Xmx256m",
                            "-Dquarkus.http.host=127.0.0.1",
                            "-Dquarkus.http.port=" + port,
                            "-Dquarkus.management.enabled=false",
                            "-Dquarkus.log.level=WARN",
                            "-jar",
                            runner.toString()))
                    .directory(home.toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(log.toFile())
                    .start();
            final ApicurioRegistry registry = new ApicurioRegistry(process, port);
            registry.awaitReady(log.toFile());
            registry.put("/config", "{\"compatibility\":\"BACKWARD\"}");
            return registry;
        } catch (final IOException e) {
            throw new IllegalStateException("Could not start Apicurio Registry", e);
        }
    }

    /** The base URL of the Confluent-compatible API, as {@code schema.registry.url}. */
    public String url() {
        return "http://127.0.0.1:" + port + CCOMPAT;
    }

    public int port() {
        return port;
    }

    private void awaitReady(final File log) {
        await("Apicurio Registry ready (log: " + log + ")")
                .atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(200))
                .until(() -> {
                    if (!process.isAlive()) {
                        throw new IllegalStateException("Apicurio Registry exited; see " + log);
                    }
                    return status("GET", "/subjects", null) == 200;
                });
    }

    private void put(final String path, final String json) {
        final int status = status("PUT", path, json);
        if (status != 200) {
            throw new IllegalStateException("PUT " + path + " answered " + status);
        }
    }

    private int status(final String method, final String path, final String json) {
        try {
            final HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url() + path))
                    .timeout(Duration.ofSeconds(5))
                    .method(
                            method,
                            json == null
                                    ? HttpRequest.BodyPublishers.noBody()
                                    : HttpRequest.BodyPublishers.ofString(json));
            if (json != null) {
                request.header("Content-Type", "application/json");
            }
            return HttpClient.newHttpClient()
                    .send(request.build(), HttpResponse.BodyHandlers.discarding())
                    .statusCode();
        } catch (final IOException e) {
            return -1;
        } catch (final InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (final IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (final InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
