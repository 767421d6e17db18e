package io.quiesce.server.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.quiesce.server.it.tasks.SlowWork;
import io.quiesce.server.it.tasks.TasksResource;
import io.quiesce.testkit.HttpConnection;
import io.quiesce.testkit.LibertyServer;
import java.io.IOException;
import java.nio.file.Files;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.logging.Logger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The kernel's {@code async} participant on a real server, with an application that uses only the standard APIs
 * ({@code @Inject ManagedExecutorService}, {@code @Asynchronous}): SIGTERM with tasks running and queued on a managed
 * executor limited to three at a time. The queued ones still run and complete after the HTTP drain, a task that tries
 * to hand on work after the signal is refused with a message naming the shutdown, a request served during the delay may
 * still submit, and the one task that never ends is abandoned at the end of the budget, with the server still exiting 0.
 */
class AsyncTasksIT {

    private static final Logger LOG = Logger.getLogger(AsyncTasksIT.class.getName());
    private static final String EXECUTOR = """
            <server>
              <managedExecutorService jndiName="concurrent/it-tasks" concurrencyPolicyRef="it-tasks"/>
              <concurrencyPolicy id="it-tasks" max="3" maxQueueSize="10" maxPolicy="strict"/>
            </server>
            """;

    private LibertyServer server;

    @AfterEach
    void killLeftovers() throws InterruptedException {
        if (server != null) {
            server.close();
        }
    }

    private static void post(int port, String path) throws IOException {
        try (HttpConnection connection = HttpConnection.open("127.0.0.1", port, Duration.ofSeconds(30))) {
            assertThat(connection
                            .post("/api/it/tasks/" + path, "application/json", "{}")
                            .status())
                    .as(path)
                    .isEqualTo(202);
        }
    }

    @Test
    void sigtermLetsRunningAndQueuedTasksFinishRefusesNewWorkAndAbandonsOneThatNeverEnds() throws Exception {
        String name = ServerCopy.create("quiesce-it-tasks", EXECUTOR, SlowWork.class, TasksResource.class);
        server = PackagedServer.start(
                name,
                "async-tasks",
                Map.of(
                        "QUIESCE_SHUTDOWN_DELAY", "1s",
                        "QUIESCE_ASYNC_EXECUTOR", "concurrent/it-tasks",
                        "QUIESCE_ASYNC_SHUTDOWN_BUDGET", "6s"));
        int port = Fleet.awaitReady(server).httpPort();

        post(port, "method?millis=3000&name=asynchronous-method");
        post(port, "executor?millis=600000&name=never-ends");
        post(port, "handing-on?millis=3000&name=hands-on");
        post(port, "executor?millis=3000&name=runs-at-signal");
        post(port, "executor?millis=1000&name=queued-1");
        post(port, "executor?millis=1000&name=queued-2");
        server.sigterm();
        post(port, "executor?millis=100&name=during-delay");
        Optional<Integer> exit = server.awaitExit(Duration.ofSeconds(60));

        String log = Files.readString(server.messagesLog());
        Matcher signal = Pattern.compile("event=async.intake_stopped tasks_queued=(\\d+) tasks_running=(\\d+)")
                .matcher(log);
        Matcher phase = Pattern.compile("event=shutdown.phase phase=async .*").matcher(log);
        assertThat(signal.find())
                .as("the async participant's intake line:%n%s", log)
                .isTrue();
        assertThat(phase.find())
                .as("the async phase in the shutdown report:%n%s", log)
                .isTrue();
        LOG.info(() -> "event=it.async_tasks " + signal.group() + " | " + phase.group());
        assertThat(exit).as("exit code").contains(0);
        assertThat(Integer.parseInt(signal.group(1)))
                .as("tasks queued at the signal (the request sent right after SIGTERM may be one)")
                .isGreaterThanOrEqualTo(2);
        assertThat(phase.group())
                .contains("outcome=COMPLETED")
                .contains("tasks_abandoned=1 ")
                .contains("tasks_completed=6 ")
                .contains("tasks_refused=1 ");
        for (String task : new String[] {
            "asynchronous-method", "hands-on", "runs-at-signal", "queued-1", "queued-2", "during-delay"
        }) {
            assertThat(log).contains("event=it.task_done name=" + task + "\n");
        }
        assertThat(log)
                .doesNotContain("name=never-ends\n")
                .doesNotContain("name=hands-on-follow-up")
                .containsPattern("event=it.task_refused name=hands-on message=\"Asynchronous task .* refused: the"
                        + " application is shutting down \\(SIGTERM received\\)");
    }
}
