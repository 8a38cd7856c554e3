package io.seedance.streams.app;

import java.io.PrintStream;

/**
 * The command line of seedance-streams. For now it knows only its usage; the subcommands
 * ({@code demo}, {@code run}, {@code simulator}, {@code submit}, {@code watch}) arrive with the
 * issues that build them.
 */
public final class Main {

    static final int EXIT_OK = 0;
    static final int EXIT_USAGE = 2;

    private Main() {
    }

    public static void main(final String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    static int run(final String[] args, final PrintStream out, final PrintStream err) {
        if (args.length == 0 || args[0].equals("--help") || args[0].equals("-h") || args[0].equals("help")) {
            printUsage(out);
            return EXIT_OK;
        }
        err.println("seedance-streams: unknown command '" + args[0] + "'");
        printUsage(err);
        return EXIT_USAGE;
    }

    private static void printUsage(final PrintStream out) {
        out.println("""
                Usage: java -jar target/seedance-streams.jar <command> [options]

                Turns video-requests (Avro) into Seedance 2.0 videos and publishes
                video-completed / video-failed events.

                Commands:
                  help        print this text

                Not yet available (see the issues): demo, run, simulator, submit, watch.""");
    }
}
