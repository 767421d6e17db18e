package io.quiesce.workflow.replay;

import io.quiesce.workflow.telemetry.WorkflowTelemetry;
import io.quiesce.workflow.types.WorkflowTypes;
import io.quiesce.workflow.worker.WorkflowWorker;
import io.temporal.api.history.v1.HistoryEvent;
import io.temporal.common.WorkflowExecutionHistory;
import io.temporal.testing.TestEnvironmentOptions;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.testing.WorkflowReplayer;
import io.temporal.worker.NonDeterministicException;
import io.temporal.worker.Worker;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Replays every committed history ({@value #FOLDER}/&lt;code version&gt;/&lt;type&gt;-&lt;case&gt;.json, recorded by
 * {@code RecordHistories}) against workflow implementations registered exactly as the worker registers them, so that a
 * change that would fail the workflow tasks of instances started by an earlier release fails the build instead.
 */
public final class ReplayGate {

    public static final String FOLDER = "histories";
    private static final String NON_DETERMINISTIC = NonDeterministicException.class.getName() + ": ";
    private static final Pattern EVENT_ID = Pattern.compile("EventId=(\\d+)|eventId=(\\d+)|event ID (\\d+)");

    /** One committed history. */
    public record History(String file, String codeVersion, String workflowType, WorkflowExecutionHistory history) {}

    private ReplayGate() {}

    public static List<History> committed() {
        URL folder = ReplayGate.class.getClassLoader().getResource(FOLDER);
        if (folder == null) {
            throw new IllegalStateException("no " + FOLDER + " folder on the test class path");
        }
        try (Stream<Path> files = Files.walk(Path.of(folder.toURI()), 2)) {
            Path root = Path.of(folder.toURI());
            List<History> histories = new ArrayList<>();
            for (Path file :
                    files.filter(f -> f.toString().endsWith(".json")).sorted().toList()) {
                WorkflowExecutionHistory history = WorkflowExecutionHistory.fromJson(Files.readString(file));
                String type = history.getEvents()
                        .get(0)
                        .getWorkflowExecutionStartedEventAttributes()
                        .getWorkflowType()
                        .getName();
                histories.add(new History(
                        root.relativize(file).toString(),
                        file.getParent().getFileName().toString(),
                        type,
                        history));
            }
            return histories;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** {@link #check(WorkflowTypes, List, WorkflowTelemetry)} with telemetry off. */
    public static List<String> check(WorkflowTypes types, List<History> histories) {
        return check(types, histories, WorkflowTelemetry.off());
    }

    /**
     * @param telemetry decides the worker's interceptors, which replay goes through as the worker's tasks do
     * @return one message per history that does not replay, naming workflow type, file and the event that differs
     */
    public static List<String> check(WorkflowTypes types, List<History> histories, WorkflowTelemetry telemetry) {
        List<String> failures = new ArrayList<>();
        try (TestWorkflowEnvironment env = TestWorkflowEnvironment.newInstance(TestEnvironmentOptions.newBuilder()
                .setWorkerFactoryOptions(WorkflowWorker.factoryOptions(telemetry))
                .build())) {
            Worker worker = env.newWorker("replay-gate");
            // Replay runs no activity: the store is never used.
            types.registerAll(worker, "replay-gate", "replay-gate");
            for (History h : histories) {
                if (types.find(h.workflowType()).isEmpty()) {
                    failures.add("workflow type " + h.workflowType() + ": history " + h.file()
                            + " is of a type that is no " + "longer registered (registered: " + types.names() + ")");
                    continue;
                }
                try {
                    WorkflowReplayer.replayWorkflowExecution(h.history(), worker);
                } catch (Exception e) {
                    failures.add(describe(h, e));
                }
            }
        }
        return failures;
    }

    private static String describe(History h, Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String message = reason(String.valueOf(root.getMessage()));
        StringBuilder text = new StringBuilder("workflow type ")
                .append(h.workflowType())
                .append(": history ")
                .append(h.file())
                .append(" (recorded by code version ")
                .append(h.codeVersion())
                .append(") does not replay on the current code");
        event(h.history(), message)
                .ifPresent(event -> text.append(" at event ")
                        .append(event.getEventId())
                        .append(' ')
                        .append(event.getEventType())
                        .append(detail(event)));
        return text.append(": ").append(message).toString();
    }

    /** The SDK's reason without the replay query's wrapping and the stack trace it embeds as text. */
    static String reason(String message) {
        int start = message.indexOf(NON_DETERMINISTIC);
        String reason = start < 0 ? message : message.substring(start + NON_DETERMINISTIC.length());
        int trace = reason.indexOf("\n\tat ");
        if (trace >= 0) {
            reason = reason.substring(0, trace);
        }
        return reason.replaceAll("\\s*\n'", "'").replaceAll("\\s*\n\\s*", " ").trim();
    }

    private static Optional<HistoryEvent> event(WorkflowExecutionHistory history, String message) {
        Matcher m = EVENT_ID.matcher(message);
        if (!m.find()) {
            return Optional.empty();
        }
        String digits = m.group(1) != null ? m.group(1) : m.group(2) != null ? m.group(2) : m.group(3);
        long id = Long.parseLong(digits);
        return history.getEvents().stream()
                .filter(event -> event.getEventId() == id)
                .findFirst();
    }

    private static String detail(HistoryEvent event) {
        if (event.hasActivityTaskScheduledEventAttributes()) {
            return " (activity "
                    + event.getActivityTaskScheduledEventAttributes()
                            .getActivityType()
                            .getName() + ")";
        }
        if (event.hasMarkerRecordedEventAttributes()) {
            return " (marker " + event.getMarkerRecordedEventAttributes().getMarkerName() + ")";
        }
        return "";
    }
}
