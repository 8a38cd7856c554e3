package io.seedance.streams.topology;

import io.seedance.streams.upstream.ApiOutcome;
import io.seedance.streams.upstream.GenerationRequest;
import io.seedance.streams.upstream.SeedanceApi;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;

/** An upstream whose every call waits until the test answers it. */
final class ScriptedApi implements SeedanceApi {

    /** One call the processor made, and the future it waits on. */
    record Call(
            UpstreamGate.Call kind, GenerationRequest request, String taskId, CompletableFuture<ApiOutcome> answer) {
        void answer(final ApiOutcome outcome) {
            answer.complete(outcome);
        }
    }

    private final List<Call> calls = new CopyOnWriteArrayList<>();

    @Override
    public CompletableFuture<ApiOutcome> generate(final GenerationRequest request) {
        final Call call = new Call(UpstreamGate.Call.SUBMIT, request, null, new CompletableFuture<>());
        calls.add(call);
        return call.answer();
    }

    @Override
    public CompletableFuture<ApiOutcome> query(final String taskId) {
        final Call call = new Call(UpstreamGate.Call.QUERY, null, taskId, new CompletableFuture<>());
        calls.add(call);
        return call.answer();
    }

    List<Call> calls() {
        return calls;
    }

    List<Call> unanswered() {
        return calls.stream().filter(c -> !c.answer().isDone()).toList();
    }

    List<Call> submissions() {
        return calls.stream().filter(c -> c.kind() == UpstreamGate.Call.SUBMIT).toList();
    }

    List<Call> queries() {
        return calls.stream().filter(c -> c.kind() == UpstreamGate.Call.QUERY).toList();
    }

    /** The single unanswered call; fails the test when there is not exactly one. */
    Call onlyUnanswered() {
        final List<Call> open = unanswered();
        if (open.size() != 1) {
            throw new AssertionError("expected one unanswered call, found " + open.size() + ": " + open);
        }
        return open.get(0);
    }
}
