package io.seedance.streams.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Arrays;
import picocli.CommandLine;

/** One run of the service's command line in this JVM: its exit code and what it printed. */
record CommandRun(int code, String out, String err) {

    static CommandRun execute(final String... args) {
        final StringWriter out = new StringWriter();
        final StringWriter err = new StringWriter();
        final CommandLine commandLine = Main.commandLine();
        commandLine.setOut(new PrintWriter(out, true));
        commandLine.setErr(new PrintWriter(err, true));
        final int code = commandLine.execute(args);
        return new CommandRun(code, out.toString(), err.toString());
    }

    /** A command's own arguments followed by shared ones (the cluster options, say). */
    static String[] concat(final String[] first, final String... second) {
        final String[] all = Arrays.copyOf(first, first.length + second.length);
        System.arraycopy(second, 0, all, first.length, second.length);
        return all;
    }
}
