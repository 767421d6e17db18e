package io.quiesce.api.http;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;

/** The API's executors for tests without a server: the work runs on the caller's thread, and what it throws, throws. */
public final class InlineExecutors extends RequestExecutors {

    @Override
    public <T> CompletionStage<T> read(Supplier<T> work) {
        return CompletableFuture.completedFuture(work.get());
    }

    @Override
    public <T> CompletionStage<T> write(Supplier<T> work) {
        return CompletableFuture.completedFuture(work.get());
    }
}
