package io.quiesce.lifecycle.async;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.doAnswer;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import jakarta.enterprise.concurrent.ManagedExecutorService;
import jakarta.enterprise.concurrent.ManagedTask;
import jakarta.enterprise.concurrent.ManagedTaskListener;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/** The wrapper against a stand-in for Liberty's executor that queues what it is given until the test runs it. */
class GovernedExecutorTest {

    private final ManagedExecutorService liberty = mock(ManagedExecutorService.class);
    private final List<Object> queue = new ArrayList<>();
    private final TaskTracker tracker = new TaskTracker(() -> false);
    private final GovernedExecutor executor = new GovernedExecutor(liberty, tracker);

    GovernedExecutorTest() {
        doAnswer(call -> {
                    queue.add(call.getArgument(0));
                    return null;
                })
                .when(liberty)
                .execute(any());
        when(liberty.submit(any(Callable.class))).thenAnswer(call -> {
            queue.add(call.getArgument(0));
            return mock(Future.class);
        });
        when(liberty.supplyAsync(any())).thenAnswer(call -> {
            queue.add(call.getArgument(0));
            return new CompletableFuture<>();
        });
    }

    @Test
    void aSubmittedTaskIsCountedFromTheQueueThroughItsEnd() throws Exception {
        AtomicInteger runs = new AtomicInteger();
        executor.submit(runs::incrementAndGet);
        assertThat(tracker.queued()).isEqualTo(1);

        Object call = ((Callable<?>) queue.get(0)).call();

        assertThat(call).isEqualTo(1);
        assertThat(tracker.idle()).isTrue();
        assertThat(tracker.counts().completed()).isEqualTo(1);
    }

    @Test
    void aFailingTaskCountsAsFailedAndItsExceptionReachesTheExecutor() {
        executor.execute(() -> {
            throw new IllegalStateException("boom");
        });

        assertThatThrownBy(() -> ((Runnable) queue.get(0)).run()).hasMessage("boom");
        assertThat(tracker.counts().failed()).isEqualTo(1);
        assertThat(tracker.idle()).isTrue();
    }

    @Test
    void aTaskTheExecutorRefusesOrAbortsIsWithdrawn() {
        when(liberty.submit(any(Callable.class))).thenThrow(new RejectedExecutionException("CWWKE1202E"));
        assertThatThrownBy(() -> executor.submit(() -> 1)).hasMessage("CWWKE1202E");
        assertThat(tracker.idle()).isTrue();

        executor.execute(() -> {});
        ManagedTaskListener listener = ((ManagedTask) queue.get(0)).getManagedTaskListener();
        listener.taskAborted(null, liberty, queue.get(0), new CancellationException());
        listener.taskDone(null, liberty, queue.get(0), new CancellationException());

        assertThat(tracker.idle()).isTrue();
        assertThat(tracker.counts().withdrawn()).isEqualTo(2);
    }

    @Test
    void anApplicationTasksOwnListenerAndPropertiesAreKept() {
        ManagedTaskListener own = mock(ManagedTaskListener.class);
        Runnable task = mock(Runnable.class, org.mockito.Mockito.withSettings().extraInterfaces(ManagedTask.class));
        when(((ManagedTask) task).getManagedTaskListener()).thenReturn(own);
        when(((ManagedTask) task).getExecutionProperties())
                .thenReturn(java.util.Map.of(ManagedTask.IDENTITY_NAME, "x"));

        executor.execute(task);
        ManagedTask wrapped = (ManagedTask) queue.get(0);
        wrapped.getManagedTaskListener().taskStarting(null, liberty, wrapped);

        verify(own).taskStarting(null, liberty, task);
        assertThat(wrapped.getExecutionProperties()).containsEntry(ManagedTask.IDENTITY_NAME, "x");
    }

    @Test
    void aCompletableFutureCancelledBeforeItsTaskStartedWithdrawsItAndTheTaskNeverRuns() {
        AtomicInteger runs = new AtomicInteger();
        CompletableFuture<Integer> future = executor.supplyAsync(runs::incrementAndGet);

        future.cancel(false);

        assertThat(tracker.idle()).isTrue();
        assertThatThrownBy(() -> ((Supplier<?>) queue.get(0)).get()).isInstanceOf(CancellationException.class);
        assertThat(runs).hasValue(0);
    }

    @Test
    void afterTheSignalTheExecutorRefusesNewWorkWithoutHandingItToLiberty() {
        tracker.stopIntake("SIGTERM received");

        assertThatThrownBy(() -> executor.submit(() -> 1))
                .isInstanceOf(RejectedExecutionException.class)
                .hasMessageContaining("Asynchronous task (a lambda in " + GovernedExecutorTest.class.getName() + ")")
                .hasMessageContaining("shutting down (SIGTERM received)");
        verify(liberty, never()).submit(any(Callable.class));
    }
}
