package io.quiesce.devservices.telemetry;

import static io.quiesce.devservices.telemetry.Otlp.attribute;
import static org.assertj.core.api.Assertions.assertThat;

import io.opentelemetry.proto.trace.v1.Span.SpanKind;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TracePrinterTest {

    private static final String OLD_SHUTDOWN = "11111111111111111111111111111111";
    private static final String SHUTDOWN = "22222222222222222222222222222222";
    private static final String INSTANCE = "33333333333333333333333333333333";
    private static final String SCHEDULE_FIRE = "44444444444444444444444444444444";
    private static final String OTHER = "55555555555555555555555555555555";
    private static final long T0 = 1_764_600_000_000_000_000L;

    @TempDir
    Path dir;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    @Test
    void printsTheLatestShutdownAndTheLatestInstanceTraceAsTrees() throws Exception {
        TelemetryArchive archive = TelemetryArchive.open(dir);
        archive.write(
                OtlpSignal.TRACES,
                Otlp.traces(
                                Otlp.resource("quiesce"),
                                "io.quiesce.lifecycle",
                                Otlp.span(OLD_SHUTDOWN, "0000000000000001", "", "shutdown", T0, 0, 100),
                                Otlp.span(INSTANCE, "0000000000000002", "", "POST /api/instances", T0, 1_000, 1_030)
                                        .setKind(SpanKind.SPAN_KIND_SERVER)
                                        .addAttributes(attribute("http.response.status_code", 202)),
                                Otlp.span(
                                        INSTANCE,
                                        "0000000000000003",
                                        "0000000000000002",
                                        "StartWorkflow:ReportWorkflow",
                                        T0,
                                        1_010,
                                        1_020))
                        .toByteArray());
        archive.write(
                OtlpSignal.TRACES,
                Otlp.traces(
                                Otlp.resource("quiesce"),
                                "io.quiesce.lifecycle",
                                // A later trace with a StartWorkflow span (a schedule fire) but begun earlier than the
                                // instance: not last.
                                Otlp.span(SCHEDULE_FIRE, "0000000000000004", "", "job schedule-fire", T0, 500, 520),
                                Otlp.span(
                                        SCHEDULE_FIRE,
                                        "0000000000000005",
                                        "0000000000000004",
                                        "StartWorkflow:ReportWorkflow",
                                        T0,
                                        505,
                                        515),
                                Otlp.span(OTHER, "0000000000000006", "", "GET /api/instances", T0, 9_000, 9_001)
                                        .setKind(SpanKind.SPAN_KIND_SERVER),
                                // Exported in two batches: the child before its root.
                                Otlp.span(
                                        SHUTDOWN,
                                        "0000000000000008",
                                        "0000000000000007",
                                        "shutdown.delay",
                                        T0,
                                        10_001,
                                        15_001))
                        .toByteArray());
        archive.write(
                OtlpSignal.TRACES,
                Otlp.traces(
                                Otlp.resource("quiesce"),
                                "io.quiesce.lifecycle",
                                Otlp.span(SHUTDOWN, "0000000000000007", "", "shutdown", T0, 10_000, 15_500)
                                        .addAttributes(attribute("quiesce.shutdown.exit_code", 0)))
                        .toByteArray());

        assertThat(TracePrinter.print(dir, stream(out), stream(err))).isZero();

        assertThat(err.toString(StandardCharsets.UTF_8)).isEmpty();
        assertThat(out.toString(StandardCharsets.UTF_8)).isEqualTo("""
                Last shutdown: trace 22222222222222222222222222222222, 2025-12-01T14:40:10Z, 2 spans
                shutdown          5500.0 ms  +0.0 ms  shutdown.exit_code=0
                  shutdown.delay  5000.0 ms  +1.0 ms

                Last instance: trace 33333333333333333333333333333333, 2025-12-01T14:40:01Z, 2 spans
                POST /api/instances             30.0 ms   +0.0 ms  http.response.status_code=202
                  StartWorkflow:ReportWorkflow  10.0 ms  +10.0 ms

                """);
    }

    @Test
    void saysWhatIsMissingAndFailsOnlyWhenNothingIsThere() throws Exception {
        assertThat(TracePrinter.print(dir.resolve("absent"), stream(out), stream(err)))
                .isEqualTo(1);
        assertThat(err.toString(StandardCharsets.UTF_8))
                .startsWith("no telemetry recorded in " + dir.resolve("absent"));

        err.reset();
        TelemetryArchive.open(dir)
                .write(
                        OtlpSignal.TRACES,
                        Otlp.traces(
                                        Otlp.resource("quiesce"),
                                        "s",
                                        Otlp.span(
                                                        INSTANCE,
                                                        "0000000000000002",
                                                        "",
                                                        "POST /quiesce/api/instances",
                                                        T0,
                                                        0,
                                                        30)
                                                .setKind(SpanKind.SPAN_KIND_SERVER))
                                .toByteArray());

        assertThat(TracePrinter.print(dir, stream(out), stream(err))).isZero();
        assertThat(err.toString(StandardCharsets.UTF_8))
                .isEqualTo("no shutdown recorded in " + dir + ": stop a server first\n");
        assertThat(out.toString(StandardCharsets.UTF_8)).startsWith("Last instance: trace " + INSTANCE);
    }

    @Test
    void acceptsTheDevServicesDirectoryForItsTelemetryDirectory() throws Exception {
        Path telemetry = Files.createDirectories(dir.resolve("telemetry").resolve("traces"));

        assertThat(TracePrinter.telemetryDir(dir)).isEqualTo(telemetry.getParent());
        assertThat(TracePrinter.telemetryDir(telemetry.getParent())).isEqualTo(telemetry.getParent());
    }

    private static PrintStream stream(ByteArrayOutputStream bytes) {
        return new PrintStream(bytes, true, StandardCharsets.UTF_8);
    }
}
