package io.quiesce.workflow.testing;

import io.quiesce.lifecycle.log.EventLog;
import io.quiesce.testkit.Poll;
import io.quiesce.workflow.WorkflowTypesProducer;
import io.quiesce.workflow.config.WorkflowConfig;
import io.quiesce.workflow.instance.InstanceStore;
import io.quiesce.workflow.telemetry.WorkflowTelemetry;
import io.quiesce.workflow.worker.WorkflowWorker;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * A worker in a JVM of its own, so that a test can kill it as a crash does (SIGKILL: no drain, no report, no step
 * recorded), with nothing in the worker's code that exists for the test.
 */
public final class WorkerProcess implements AutoCloseable {

    static final String POLLING = "event=test.worker_polling";

    private final Process process;
    private final Path output;

    private WorkerProcess(Process process, Path output) {
        this.process = process;
        this.output = output;
    }

    /** Returns once the worker polls {@code taskQueue} (its {@code started} callback ran). */
    public static WorkerProcess start(
            String temporalTarget,
            String jdbcUrl,
            String taskQueue,
            String identity,
            String codeVersion,
            Duration within)
            throws IOException {
        Path output = Files.createTempFile("worker-" + identity, ".log");
        Process process = new ProcessBuilder(List.of(
                        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                        "-cp",
                        System.getProperty("java.class.path"),
                        WorkerProcess.class.getName(),
                        temporalTarget,
                        jdbcUrl,
                        taskQueue,
                        identity,
                        codeVersion))
                .redirectErrorStream(true)
                .redirectOutput(output.toFile())
                .start();
        WorkerProcess worker = new WorkerProcess(process, output);
        Poll.untilTrue(identity + " polling in its own process (see " + output + ")", within, () -> {
            if (!process.isAlive()) {
                throw new AssertionError(identity + " exited: " + worker.log());
            }
            return worker.log().contains(POLLING);
        });
        return worker;
    }

    /** SIGKILL, as the kubelet's or the OOM killer's. */
    public void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(30, TimeUnit.SECONDS);
    }

    String log() {
        try {
            return Files.readString(output);
        } catch (IOException e) {
            return "(cannot read " + output + ": " + e + ")";
        }
    }

    @Override
    public void close() throws InterruptedException {
        kill();
    }

    /** args: Temporal target, JDBC URL, task queue, worker identity, code version. Runs until killed. */
    public static void main(String[] args) throws InterruptedException {
        PGSimpleDataSource db = new PGSimpleDataSource();
        db.setUrl(args[1]);
        InstanceStore store = new InstanceStore(db);
        EventLog log = Infra.log("worker-process." + args[3]);
        WorkflowWorker worker = new WorkflowWorker(
                Infra.config(args[0], args[2], args[3], Map.of(WorkflowConfig.CODE_VERSION, args[4])),
                store,
                WorkflowTypesProducer.all(store),
                () -> true,
                WorkflowTelemetry.off(),
                log);
        worker.start(() -> log.info("test.worker_polling", Map.of()));
        new CountDownLatch(1).await();
    }
}
