package io.seedance.streams.service;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Turns SIGTERM or Ctrl-C into an orderly stop. The JVM ends when its shutdown hooks return, so
 * the hook does not just signal: it waits (within a bound) for the command to finish closing, then
 * ends the JVM with the command's exit code, so a clean stop exits 0 rather than 143.
 */
public final class ShutdownSignal implements AutoCloseable {

    private final CountDownLatch requested = new CountDownLatch(1);
    private final CountDownLatch finished = new CountDownLatch(1);
    private final AtomicInteger exitCode = new AtomicInteger();
    private final Thread hook;

    public ShutdownSignal(final Duration closeBound) {
        this.hook = new Thread(
                () -> {
                    requested.countDown();
                    try {
                        if (finished.await(closeBound.toMillis() + 5_000, TimeUnit.MILLISECONDS)) {
                            Runtime.getRuntime().halt(exitCode.get());
                        }
                    } catch (final InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                },
                "seedance-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
    }

    /** Waits up to {@code timeout} for a stop request; true when one came. */
    public boolean awaitRequest(final Duration timeout) throws InterruptedException {
        return requested.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Asks for a stop from inside the process (the demo, when every request is done). */
    public void request() {
        requested.countDown();
    }

    /** The command has closed everything; {@code code} is what the process should exit with. */
    @Override
    public void close() {
        close(0);
    }

    public void close(final int code) {
        exitCode.set(code);
        finished.countDown();
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (final IllegalStateException shuttingDown) {
            // The hook is running: it ends the JVM with exitCode.
        }
    }
}
