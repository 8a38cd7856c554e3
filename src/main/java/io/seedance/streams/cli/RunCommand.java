package io.seedance.streams.cli;

import io.seedance.streams.service.ConfigSources;
import io.seedance.streams.service.InvalidConfigurationException;
import io.seedance.streams.service.KafkaUnavailableException;
import io.seedance.streams.service.SeedanceService;
import io.seedance.streams.service.ServiceConfig;
import io.seedance.streams.service.ShutdownSignal;
import io.seedance.streams.upstream.HttpSeedanceClient;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code run}: production. Configuration from the environment and an optional properties file. */
@Command(
        name = "run",
        mixinStandardHelpOptions = true,
        description = "Run the service against external Kafka, a schema registry and the Seedance API."
                + " Configuration comes from environment variables (see the README) and --config.")
final class RunCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Option(
            names = "--config",
            defaultValue = "${env:SEEDANCE_CONFIG_FILE}",
            description = "A properties file; environment variables override it (env SEEDANCE_CONFIG_FILE).")
    private Path configFile;

    @Option(
            names = "--close-timeout",
            defaultValue = "30s",
            converter = DurationConverter.class,
            description = "How long a shutdown may take (default: ${DEFAULT-VALUE}).")
    private Duration closeTimeout;

    /** The environment; replaced in tests. */
    Map<String, String> environment = System.getenv();

    @Override
    public Integer call() throws InterruptedException {
        final ServiceConfig config;
        try {
            config = ServiceConfig.load(
                    environment, configFile == null ? Map.of() : ConfigSources.readProperties(configFile));
        } catch (final InvalidConfigurationException e) {
            spec.commandLine().getErr().println("seedance-streams run: " + e.getMessage());
            return Main.EXIT_CONFIG;
        }
        final SeedanceService service;
        try {
            service = ServiceRunner.start(config, new HttpSeedanceClient(config.clientConfig()));
        } catch (final KafkaUnavailableException e) {
            spec.commandLine().getErr().println("seedance-streams run: " + e.getMessage());
            return 1;
        } catch (final IllegalStateException e) {
            spec.commandLine().getErr().println("seedance-streams run: " + e.getMessage());
            return Main.EXIT_CONFIG;
        }
        final ShutdownSignal stop = new ShutdownSignal(closeTimeout);
        int code = 1;
        try {
            code = ServiceRunner.runUntilStopped(service, stop, closeTimeout);
            return code;
        } finally {
            stop.close(code);
        }
    }
}
