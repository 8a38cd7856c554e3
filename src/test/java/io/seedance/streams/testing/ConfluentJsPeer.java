package io.seedance.streams.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Confluent's official JavaScript Schema Registry serde ({@code @confluentinc/schemaregistry}),
 * installed by the build from the committed lockfile into {@code confluent.peer.dir} and run with
 * Node.js: the reference implementation our bytes must agree with.
 */
public final class ConfluentJsPeer {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path directory;
    private final String registryUrl;

    public ConfluentJsPeer(final String registryUrl) {
        this.directory = Path.of(System.getProperty("confluent.peer.dir", "target/confluent-peer"));
        this.registryUrl = registryUrl;
        if (!Files.isDirectory(directory.resolve("node_modules/@confluentinc/schemaregistry"))) {
            throw new IllegalStateException("The Confluent JS peer is not installed under " + directory.toAbsolutePath()
                    + ": run the integration tests through Maven (mvn verify)");
        }
    }

    /** What Confluent's deserializer reads from our bytes, as JSON. */
    public JsonNode read(final String topic, final byte[] payload) {
        return run(
                "read",
                topic,
                JSON.createObjectNode()
                        .put("hex", HexFormat.of().formatHex(payload))
                        .toString());
    }

    /** The bytes Confluent's serializer writes for this value (given as JSON), with the subject's latest schema. */
    public byte[] write(final String topic, final JsonNode value) {
        return HexFormat.of()
                .parseHex(run("write", topic, value.toString()).path("hex").asText());
    }

    private JsonNode run(final String command, final String topic, final String input) {
        try {
            final Process process = new ProcessBuilder(List.of("node", "peer.mjs", command, registryUrl, topic))
                    .directory(directory.toFile())
                    .start();
            process.getOutputStream().write(input.getBytes(StandardCharsets.UTF_8));
            process.getOutputStream().close();
            final byte[] out = process.getInputStream().readAllBytes();
            final String err = new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
                process.destroyForcibly();
                throw new IllegalStateException("node peer.mjs " + command + " failed: " + err);
            }
            return JSON.readTree(out);
        } catch (final IOException e) {
            throw new IllegalStateException("Could not run the Confluent JS peer (is node on the PATH?)", e);
        } catch (final InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
