package io.seedance.streams.cli;

import io.seedance.streams.schemas.VideoRequest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What {@code demo} sends: five samples that show the main paths (three shapes of video, images
 * referenced from the prompt, and one invalid on purpose), or the user's own prompt. Request ids
 * are {@code demo-<run>-<n>}, so runs on the same data never collide.
 */
final class DemoRequests {

    private DemoRequests() {}

    /** The requests of run {@code run}: the samples, or one of {@code prompt} and {@code images} when given. */
    static Map<String, VideoRequest> of(final String run, final String prompt, final List<String> images) {
        final List<VideoRequest.Builder> builders = new ArrayList<>();
        if (prompt != null) {
            builders.add(
                    VideoRequest.newBuilder().setRequestId("").setPrompt(prompt).setImageUrls(images));
        } else {
            builders.add(VideoRequest.newBuilder()
                    .setRequestId("")
                    .setPrompt("A beautiful beach scene with waves gently lapping at the shore"));
            builders.add(VideoRequest.newBuilder()
                    .setRequestId("")
                    .setPrompt("The cat in @image1 walks through a garden, then meets the dog in @image2")
                    .setImageUrls(List.of("https://example.com/cat.png", "https://example.com/dog.png"))
                    .setDurationSeconds(10)
                    .setRatio("9:16"));
            builders.add(VideoRequest.newBuilder()
                    .setRequestId("")
                    .setPrompt("A timelapse of a city skyline from dusk to night")
                    .setDurationSeconds(15)
                    .setRatio("21:9"));
            builders.add(VideoRequest.newBuilder()
                    .setRequestId("")
                    .setPrompt("A paper boat drifting down a rain-soaked street")
                    .setRatio("1:1"));
            builders.add(VideoRequest.newBuilder()
                    .setRequestId("")
                    .setPrompt(
                            "The fox in @image1 jumps over a fence (no image given: this one is invalid on purpose)"));
        }
        final Map<String, VideoRequest> requests = new LinkedHashMap<>();
        for (int i = 0; i < builders.size(); i++) {
            final String id = "demo-" + run + "-" + (i + 1);
            requests.put(
                    id,
                    builders.get(i)
                            .setRequestId(id)
                            .setRequestedAt(Instant.now())
                            .setMetadata(Map.of("source", "demo"))
                            .build());
        }
        return requests;
    }
}
