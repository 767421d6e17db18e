package io.quiesce.workflow.worker;

/** A worker's death without drain, for tests outside this package. */
public final class Crash {

    private Crash() {}

    public static void kill(WorkflowWorker worker) {
        worker.kill();
    }
}
