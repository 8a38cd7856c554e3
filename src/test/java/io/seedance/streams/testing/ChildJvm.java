package io.seedance.streams.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The service's command line in a child JVM with this test's classpath: what a user runs, with a
 * real process boundary (signals, exit codes, its own output).
 */
public final class ChildJvm implements AutoCloseable {

    private final Process process;
    private final Path output;

    private ChildJvm(final Process process, final Path output) {
        this.process = process;
        this.output = output;
    }

    public static ChildJvm start(final Map<String, String> environment, final String... args) {
        return startMain("io.seedance.streams.cli.Main", environment, args);
    }

    /** Any main class of the test classpath in a child JVM. */
    public static ChildJvm startMain(
            final String mainClass, final Map<String, String> environment, final String... args) {
        try {
            final Path output = Files.createTempFile("seedance-child-", ".log");
            final List<String> command = new ArrayList<>(List.of(
                    Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    // The production logging configuration, not the tests' logback-test.xml.
                    "-Xmx512m",
                    "-Dlogback.configurationFile=logback.xml",
                    "-cp",
                    System.getProperty("java.class.path"),
                    mainClass));
            command.addAll(List.of(args));
            final ProcessBuilder builder =
                    new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(output.toFile());
            builder.environment().putAll(environment);
            return new ChildJvm(builder.start(), output);
        } catch (final IOException e) {
            throw new IllegalStateException("Cannot start a child JVM", e);
        }
    }

    /** Everything the process printed so far. */
    public String output() {
        try {
            return Files.readString(output, StandardCharsets.UTF_8);
        } catch (final IOException e) {
            throw new IllegalStateException(e);
        }
    }

    public long pid() {
        return process.pid();
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /** SIGKILL: no shutdown hook, no goodbye, as a crash or an OOM killer stops a process. */
    public void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor();
    }

    /** SIGSTOP: the process stalls as in a long GC pause or a frozen VM; its sockets stay open. */
    public void suspend() {
        signal("STOP");
    }

    /** SIGCONT: a suspended process runs on, unaware that time passed. */
    public void resume() {
        signal("CONT");
    }

    private void signal(final String name) {
        try {
            final Process kill = new ProcessBuilder("kill", "-" + name, Long.toString(process.pid()))
                    .inheritIO()
                    .start();
            if (kill.waitFor() != 0) {
                throw new IllegalStateException("kill -" + name + " " + process.pid() + " failed");
            }
        } catch (final IOException e) {
            throw new IllegalStateException("Cannot signal process " + process.pid(), e);
        } catch (final InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** SIGTERM, as an orchestrator stops a container. */
    public void terminate() {
        process.destroy();
    }

    /** The exit code, waiting up to {@code seconds}; -1 if it is still running then. */
    public int waitFor(final long seconds) throws InterruptedException {
        return process.waitFor(seconds, TimeUnit.SECONDS) ? process.exitValue() : -1;
    }

    @Override
    public void close() {
        process.destroyForcibly();
    }
}
