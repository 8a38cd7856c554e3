package io.seedance.streams.testing;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs the {@code docker} and {@code docker-compose} command-line tools the way a user would, from
 * the repository root, and fails with everything they printed when they fail.
 */
public final class DockerCommand {

    private final Path directory;
    private final Map<String, String> environment;

    public DockerCommand(final Path directory, final Map<String, String> environment) {
        this.directory = directory;
        this.environment = Map.copyOf(environment);
    }

    /** {@code docker-compose} (Debian's v1) where it exists, else the {@code docker compose} plugin. */
    public static List<String> compose() {
        for (final String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            if (Files.isExecutable(Path.of(dir, "docker-compose"))) {
                return List.of("docker-compose");
            }
        }
        return List.of("docker", "compose");
    }

    /** Runs the command to its end; its output, or an exception carrying it if it exits non-zero. */
    public String run(final Duration timeout, final List<String> command) {
        try {
            final Path output = Files.createTempFile("seedance-docker-", ".log");
            final ProcessBuilder builder = new ProcessBuilder(command)
                    .directory(directory.toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(output.toFile());
            builder.environment().putAll(environment);
            builder.environment().put("DOCKER_BUILDKIT", "0");
            final Process process = builder.start();
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly().waitFor();
                throw new IllegalStateException(String.join(" ", command) + " took over " + timeout + ":\n"
                        + Files.readString(output, StandardCharsets.UTF_8));
            }
            final String printed = Files.readString(output, StandardCharsets.UTF_8);
            Files.delete(output);
            if (process.exitValue() != 0) {
                throw new IllegalStateException(
                        String.join(" ", command) + " exited " + process.exitValue() + ":\n" + printed);
            }
            return printed;
        } catch (final IOException e) {
            throw new IllegalStateException("Cannot run " + String.join(" ", command), e);
        } catch (final InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted running " + String.join(" ", command), e);
        }
    }

    public String run(final Duration timeout, final String... command) {
        return run(timeout, List.of(command));
    }

    /** The compose tool with these arguments. */
    public String compose(final Duration timeout, final String... arguments) {
        final List<String> command = new ArrayList<>(compose());
        command.addAll(List.of(arguments));
        return run(timeout, command);
    }
}
