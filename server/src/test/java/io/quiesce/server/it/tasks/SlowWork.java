package io.quiesce.server.it.tasks;

import jakarta.enterprise.concurrent.Asynchronous;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.concurrent.CompletableFuture;

/** An application bean with an asynchronous method, written against the standard API only. */
@ApplicationScoped
public class SlowWork {

    @Asynchronous
    public CompletableFuture<String> sleep(long millis) {
        TasksResource.sleep(millis);
        return Asynchronous.Result.complete("slept " + millis + " ms");
    }
}
