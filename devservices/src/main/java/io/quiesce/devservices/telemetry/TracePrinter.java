package io.quiesce.devservices.telemetry;

import io.quiesce.devservices.config.DevServicesConfig;
import io.quiesce.devservices.config.DevServicesException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/**
 * Prints the last shutdown's span tree and the last instance's trace from the files the dev services' receiver wrote,
 * so that a newcomer sees the timeline without installing a collector:
 * {@code ./mvnw -q -pl devservices -am -Ptraces process-classes [-Dexec.args=<dir>]}.
 */
public final class TracePrinter {

    public static final String SHUTDOWN_SPAN = "shutdown";
    static final String START_WORKFLOW_PREFIX = "StartWorkflow:";
    static final String INSTANCES_PATH = "/api/instances";

    private TracePrinter() {}

    public static void main(String[] args) {
        if (args.length > 1) {
            System.err.println("TracePrinter: expected at most one argument, the telemetry directory");
            System.exit(2);
        }
        int status;
        try {
            Path dir = args.length == 1
                    ? telemetryDir(Path.of(args[0]))
                    : DevServicesConfig.fromSystemProperties(new String[0]).telemetryDir();
            // The trees are this command's output: stdout; what is missing goes to stderr, as with the token command.
            status = print(dir, System.out, System.err);
        } catch (DevServicesException | IllegalStateException | UncheckedIOException e) {
            System.err.println("TracePrinter: " + e.getMessage());
            status = 1;
        }
        if (status != 0) {
            System.exit(status);
        }
    }

    /** A dev services directory also does: its {@code telemetry} directory is meant. */
    static Path telemetryDir(Path given) {
        Path nested = given.resolve(DevServicesConfig.TELEMETRY_DIR);
        return !Files.isDirectory(given.resolve(OtlpSignal.TRACES.directory())) && Files.isDirectory(nested)
                ? nested
                : given;
    }

    /** 0 when at least one of the two traces was printed, else 1. */
    static int print(Path dir, PrintStream out, PrintStream err) {
        if (!Files.isDirectory(dir.resolve(OtlpSignal.TRACES.directory()))) {
            err.println("no telemetry recorded in " + dir + ": run the server with the dev services"
                    + " (./mvnw -Prun -DskipTests verify), use it, then stop it");
            return 1;
        }
        Map<String, List<Span>> traces =
                TelemetryArchive.readSpans(dir).stream().collect(Collectors.groupingBy(Span::traceId));
        Optional<List<Span>> shutdown = last(traces.values(), TracePrinter::isShutdown);
        Optional<List<Span>> instance = last(traces.values(), TracePrinter::isInstance);
        shutdown.ifPresentOrElse(
                spans -> print("Last shutdown", spans, out),
                () -> err.println("no shutdown recorded in " + dir + ": stop a server first"));
        instance.ifPresentOrElse(
                spans -> print("Last instance", spans, out),
                () -> err.println(
                        "no instance trace recorded in " + dir + ": start one with POST /api/instances first"));
        return shutdown.isPresent() || instance.isPresent() ? 0 : 1;
    }

    static boolean isShutdown(List<Span> trace) {
        return trace.stream().anyMatch(s -> s.isRoot() && s.name().equals(SHUTDOWN_SPAN));
    }

    /** Liberty names its server span by method and route (with or without the context root). */
    static boolean isInstance(List<Span> trace) {
        return trace.stream()
                .anyMatch(s -> s.name().startsWith(START_WORKFLOW_PREFIX)
                        || (s.isRoot()
                                && s.kind().equals("SERVER")
                                && s.name().startsWith("POST ")
                                && s.name().endsWith(INSTANCES_PATH)));
    }

    private static Optional<List<Span>> last(Collection<List<Span>> traces, Predicate<List<Span>> kind) {
        return traces.stream().filter(kind).max(Comparator.comparingLong(TracePrinter::start));
    }

    private static long start(List<Span> trace) {
        return trace.stream().mapToLong(Span::startEpochNanos).min().orElse(0);
    }

    private static void print(String title, List<Span> trace, PrintStream out) {
        out.println(title + ": trace " + trace.get(0).traceId() + ", " + Instant.ofEpochSecond(0, start(trace)) + ", "
                + trace.size() + " spans");
        out.println(SpanTree.render(trace));
    }
}
