package io.seedance.streams.bench;

import com.sun.management.OperatingSystemMXBean;
import io.seedance.streams.testing.KafkaCluster;
import java.lang.management.ManagementFactory;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The benchmark: the real service on an in-JVM broker against the simulator, with its peers in the
 * same run. Prints one Markdown table per scenario with the command that reproduces it.
 *
 * <pre>mvn -B -q -Pbench test -Dbench.scenarios=saturation,peers,queries,state,tenants,budget,storage,serde</pre>
 */
public final class Bench {

    static final String COMMAND = "mvn -B -q -Pbench test -Dbench.scenarios=";

    interface Scenario {
        List<Table> run(Arena arena) throws Exception;
    }

    public static void main(final String[] args) throws Exception {
        final Map<String, Scenario> all = new LinkedHashMap<>();
        all.put("saturation", SaturationScenario::run);
        all.put("peers", PeersScenario::run);
        all.put("queries", QueryEfficiencyScenario::run);
        all.put("state", StateScaleScenario::run);
        all.put("tenants", TenantsScenario::run);
        all.put("tenants-flood", TenantsScenario::runFlood);
        all.put("tenants-fairness", TenantsScenario::runFairness);
        all.put("budget", BudgetScenario::run);
        all.put("storage", StorageScenario::run);
        all.put("serde", arena -> SerdeBenchmark.run());
        final List<String> chosen = args.length == 0 || args[0].isBlank() || args[0].equals("all")
                ? List.copyOf(all.keySet())
                : List.of(args[0].split(","));
        for (final String name : chosen) {
            if (!all.containsKey(name)) {
                System.err.println("Unknown scenario '" + name + "'; known: " + String.join(", ", all.keySet()));
                System.exit(2);
            }
        }
        System.out.println(machine());
        final List<String> rendered = new ArrayList<>();
        try (KafkaCluster kafka = KafkaCluster.start()) {
            final Arena arena = new Arena(kafka, "mock://bench");
            for (final String name : chosen) {
                for (final Table table : all.get(name).run(arena)) {
                    final String text = table.render(COMMAND + name);
                    rendered.add(text);
                    System.out.println(text);
                }
            }
        }
        System.out.println("\n======== all tables ========");
        rendered.forEach(System.out::println);
        System.exit(0);
    }

    private static String machine() {
        final Runtime runtime = Runtime.getRuntime();
        return "Machine: " + runtime.availableProcessors() + " cores, "
                + ((OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getTotalMemorySize()
                        / (1 << 30)
                + " GiB RAM, " + System.getProperty("os.name") + " "
                + System.getProperty("os.version") + ", Java " + System.getProperty("java.version") + " ("
                + System.getProperty("java.vm.name") + "), max heap " + runtime.maxMemory() / (1 << 20) + " MiB; "
                + Instant.now();
    }
}
