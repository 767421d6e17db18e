package io.quiesce.rehearsal;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.quiesce.rehearsal.config.RehearsalConfig;
import io.quiesce.rehearsal.report.RunReport;
import io.quiesce.rehearsal.report.Summary;
import io.quiesce.rehearsal.report.html.ReportPage;
import io.quiesce.rehearsal.rollout.RolloutRehearsal;
import io.quiesce.rehearsal.watch.WatchConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.logging.Logger;

/**
 * The rehearsal command: {@code ./mvnw -Prehearse -DskipTests verify -Dquiesce.rehearsal.overlay=...}. Writes
 * {@code report.json}, {@code report.html} and {@code summary.txt} to the output directory, prints the summary, and
 * fails when anything was lost.
 */
public final class Rehearsal {

    private Rehearsal() {}

    public static void main(String[] args) throws Exception {
        RunReport report = run(RehearsalConfig.fromSystemProperties(), WatchConfig.fromSystemProperties());
        if (report.lost()) {
            throw new IllegalStateException("the rehearsal lost something: " + String.join("; ", report.losses()));
        }
    }

    public static RunReport run(RehearsalConfig config, WatchConfig watches) throws Exception {
        RunReport report = new RolloutRehearsal(config, watches).run();
        String summary = Summary.render(report);
        write(config.output().resolve("report.json"), json(report));
        write(config.output().resolve("report.html"), html(report));
        write(config.output().resolve("summary.txt"), summary);
        Logger.getLogger(Rehearsal.class.getName())
                .info("\n" + summary + "report: " + config.output().resolve("report.json") + ", "
                        + config.output().resolve("report.html"));
        return report;
    }

    /** {@code report.html}: the run on one time axis, a self-contained page. */
    public static String html(RunReport report) {
        return ReportPage.render(report);
    }

    /** A {@code report.json} read back, also one written before newer fields existed. */
    public static RunReport read(Path reportJson) throws IOException {
        return new ObjectMapper()
                .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .readValue(reportJson.toFile(), RunReport.class);
    }

    /** Renders {@code report.html} beside an existing {@code report.json}; returns the page's path. */
    public static Path rerender(Path reportJson) throws IOException {
        Path page = reportJson.toAbsolutePath().resolveSibling("report.html");
        write(page, html(read(reportJson)));
        return page;
    }

    /** {@code report.json}. */
    public static String json(RunReport report) throws IOException {
        return new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(report);
    }

    private static void write(Path file, String content) throws IOException {
        Files.createDirectories(file.getParent());
        Files.writeString(file, content);
    }
}
