package io.quiesce.rehearsal.report;

import io.temporal.api.history.v1.HistoryEvent;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowClientOptions;
import io.temporal.common.WorkflowExecutionHistory;
import io.temporal.serviceclient.WorkflowServiceStubs;
import io.temporal.serviceclient.WorkflowServiceStubsOptions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * What Temporal's histories say about the rehearsal's instances: every workflow task a worker failed (a worker that
 * could not replay the history it was handed: a release whose code does not match what another release recorded), by
 * the worker, its pod and its release. A task whose later attempts fail is not answered by the Java SDK and times out
 * instead; those are counted apart, by the worker that had started them.
 */
public final class WorkflowTaskAudit {

    private static final int THREADS = 4;
    private static final int FIRST = 5;

    /**
     * @param histories   histories read (one per instance)
     * @param unreadable  instances whose history could not be read: their workflow tasks are unknown
     * @param failedByPod failed workflow tasks by the pod (its release in parentheses) whose worker failed them
     */
    public record WorkflowTasks(
            int histories,
            int unreadable,
            int failed,
            int instancesWithFailures,
            Map<String, Integer> failedByPod,
            Map<String, Integer> failedByRelease,
            int timedOut,
            Map<String, Integer> timedOutByPod,
            List<String> firstFailures) {}

    /** Where a worker identity ran: the pod and its release. */
    public record Worker(String pod, String release) {
        @Override
        public String toString() {
            return pod + " (" + release + ")";
        }
    }

    private WorkflowTaskAudit() {}

    /**
     * @param target   the Temporal frontend, host:port
     * @param workers  a worker identity's pod and release; unknown identities are reported as they are
     */
    public static WorkflowTasks audit(
            String target, String namespace, List<String> workflowIds, Function<String, Worker> workers)
            throws InterruptedException {
        WorkflowServiceStubs stubs = WorkflowServiceStubs.newServiceStubs(WorkflowServiceStubsOptions.newBuilder()
                .setTarget(target)
                .setRpcTimeout(Duration.ofSeconds(10))
                .build());
        ExecutorService pool = Executors.newFixedThreadPool(THREADS, task -> {
            Thread thread = new Thread(task, "rehearsal-history");
            thread.setDaemon(true);
            return thread;
        });
        try {
            WorkflowClient client = WorkflowClient.newInstance(
                    stubs,
                    WorkflowClientOptions.newBuilder().setNamespace(namespace).build());
            List<Future<WorkflowExecutionHistory>> reads = new ArrayList<>();
            for (String id : workflowIds) {
                reads.add(pool.submit(() -> client.fetchHistory(id)));
            }
            Tally tally = new Tally(workers);
            for (int i = 0; i < reads.size(); i++) {
                try {
                    tally.add(workflowIds.get(i), reads.get(i).get());
                } catch (ExecutionException e) {
                    tally.unreadable(workflowIds.get(i), e.getCause());
                }
            }
            return tally.result();
        } finally {
            pool.shutdownNow();
            stubs.shutdownNow();
            stubs.awaitTermination(2000, TimeUnit.MILLISECONDS);
        }
    }

    /** Counts one history at a time; package-private for the unit test. */
    static final class Tally {
        private final Function<String, Worker> workers;
        private final Map<String, Integer> failedByPod = new TreeMap<>();
        private final Map<String, Integer> failedByRelease = new TreeMap<>();
        private final Map<String, Integer> timedOutByPod = new TreeMap<>();
        private final List<String> first = new ArrayList<>();
        private int histories;
        private int unreadable;
        private int failed;
        private int timedOut;
        private int instancesWithFailures;

        Tally(Function<String, Worker> workers) {
            this.workers = workers;
        }

        void add(String id, WorkflowExecutionHistory history) {
            histories++;
            Map<Long, String> startedBy = new HashMap<>();
            int failedHere = 0;
            for (HistoryEvent e : history.getEvents()) {
                if (e.hasWorkflowTaskStartedEventAttributes()) {
                    startedBy.put(
                            e.getEventId(),
                            e.getWorkflowTaskStartedEventAttributes().getIdentity());
                } else if (e.hasWorkflowTaskFailedEventAttributes()) {
                    var attributes = e.getWorkflowTaskFailedEventAttributes();
                    Worker worker = workers.apply(attributes.getIdentity());
                    failed++;
                    failedHere++;
                    failedByPod.merge(worker.toString(), 1, Integer::sum);
                    failedByRelease.merge(worker.release(), 1, Integer::sum);
                    if (first.size() < FIRST) {
                        first.add(id + " on " + worker + ": "
                                + attributes.getCause().name() + ": "
                                + abbreviate(attributes.getFailure().getMessage()));
                    }
                } else if (e.hasWorkflowTaskTimedOutEventAttributes()) {
                    String identity = startedBy.getOrDefault(
                            e.getWorkflowTaskTimedOutEventAttributes().getStartedEventId(), "");
                    timedOut++;
                    timedOutByPod.merge(workers.apply(identity).toString(), 1, Integer::sum);
                }
            }
            if (failedHere > 0) {
                instancesWithFailures++;
            }
        }

        void unreadable(String id, Throwable cause) {
            unreadable++;
            if (first.size() < FIRST) {
                first.add(id + ": history not readable: " + cause);
            }
        }

        WorkflowTasks result() {
            return new WorkflowTasks(
                    histories,
                    unreadable,
                    failed,
                    instancesWithFailures,
                    failedByPod,
                    failedByRelease,
                    timedOut,
                    timedOutByPod,
                    Collections.unmodifiableList(first));
        }
    }

    private static String abbreviate(String message) {
        String flat = message.replaceAll("\\s+", " ");
        return flat.length() > 300 ? flat.substring(0, 300) + "..." : flat;
    }
}
