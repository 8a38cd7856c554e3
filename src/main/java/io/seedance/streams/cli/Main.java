package io.seedance.streams.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The command line of seedance-streams: one runnable jar, one subcommand per way to run it
 * ({@code demo}, {@code run}, {@code submit}, {@code watch}, {@code simulator}). Exit codes: 0 done,
 * 1 failed while running (Kafka unreachable, say), 2 bad usage or bad configuration.
 */
@Command(
        name = "seedance-streams",
        mixinStandardHelpOptions = true,
        description = "Turns video-requests (Avro) into Seedance 2.0 videos and publishes "
                + "video-completed / video-failed events.",
        subcommands = {
            DemoCommand.class,
            RunCommand.class,
            SubmitCommand.class,
            CancelCommand.class,
            WatchCommand.class,
            TenantsCommand.class,
            AclsCommand.class,
            SimulatorCommand.class,
            CommandLine.HelpCommand.class
        })
public final class Main implements Runnable {

    static final int EXIT_OK = 0;
    /** Bad usage or bad configuration: nothing was started (also picocli's code for bad usage). */
    static final int EXIT_CONFIG = 2;

    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    public static void main(final String[] args) {
        System.exit(commandLine().execute(args));
    }

    static CommandLine commandLine() {
        return new CommandLine(new Main());
    }

    /** Without a subcommand: the usage. */
    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
