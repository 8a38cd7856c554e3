package io.seedance.streams.cli;

import io.seedance.streams.schemas.Priority;
import io.seedance.streams.schemas.VideoRequest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code submit}: produce one VideoRequest and print its request_id. */
@Command(
        name = "submit",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description = "Produce one VideoRequest to the requests topic and print its request_id.")
final class SubmitCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Mixin
    private ClusterOptions cluster;

    @Option(
            names = {"-p", "--prompt"},
            required = true,
            description = "What the video shows; refer to images as @image1..@image9.")
    private String prompt;

    @Option(
            names = {"-i", "--image"},
            description = "An image URL (repeat for more, in @imageN order).")
    private List<String> images = new ArrayList<>();

    @Option(
            names = {"-d", "--duration"},
            description = "5, 10 or 15 seconds (default: the upstream's, 5).")
    private Integer duration;

    @Option(
            names = {"-r", "--ratio"},
            description = "16:9, 9:16, 1:1, 4:3, 3:4 or 21:9 (default: the upstream's, 16:9).")
    private String ratio;

    @Option(
            names = {"-m", "--model"},
            description = "Upstream model (default: seedance-2.0).")
    private String model;

    @Option(names = "--metadata", description = "key=value echoed back in the result (repeat for more).")
    private Map<String, String> metadata = new LinkedHashMap<>();

    @Option(names = "--request-id", description = "The request_id (default: a new UUID).")
    private String requestId;

    @Option(
            names = "--tenant",
            description = "Who asks: the tenant whose share this request uses (default: none, the default tenant).")
    private String tenant;

    @Option(
            names = "--priority",
            description = "INTERACTIVE, STANDARD or BATCH (default: none, which the service reads as STANDARD).")
    private Priority priority;

    @Option(
            names = "--deadline-in",
            converter = DurationConverter.class,
            description = "The latest moment the video is still wanted, from now, such as 10m (default: none,"
                    + " the service's task deadline only).")
    private Duration deadlineIn;

    @Override
    public Integer call() {
        final String id = requestId != null ? requestId : UUID.randomUUID().toString();
        final int exit = RecordSender.send(spec, cluster, cluster.requestsTopic, id, request(id));
        if (exit == Main.EXIT_OK) {
            spec.commandLine().getOut().println(id);
            spec.commandLine().getOut().flush();
        }
        return exit;
    }

    /** The request these options describe. */
    VideoRequest request(final String id) {
        return VideoRequest.newBuilder()
                .setRequestId(id)
                .setPrompt(prompt)
                .setImageUrls(images)
                .setDurationSeconds(duration)
                .setRatio(ratio)
                .setModel(model)
                .setRequestedAt(Instant.now())
                .setMetadata(metadata)
                .setTenant(tenant)
                .setPriority(priority)
                .setDeadline(deadlineIn == null ? null : Instant.now().plus(deadlineIn))
                .build();
    }
}
