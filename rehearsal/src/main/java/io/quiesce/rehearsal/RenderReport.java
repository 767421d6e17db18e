package io.quiesce.rehearsal;

import io.quiesce.lifecycle.log.EventLog;
import io.quiesce.lifecycle.log.LogFormat;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Renders {@code report.html} again from an existing {@code report.json} (a CI artifact, an older run):
 * {@code ./mvnw -q -pl rehearsal -am -Prender-report -DskipTests verify -Dquiesce.rehearsal.report=path/to/report.json},
 * or {@code java -cp ... io.quiesce.rehearsal.RenderReport path/to/report.json}.
 */
public final class RenderReport {

    /** The report to render when no argument names one. */
    public static final String PROPERTY = "quiesce.rehearsal.report";

    private RenderReport() {}

    public static void main(String[] args) throws Exception {
        String named = args.length > 0 ? args[0] : System.getProperty(PROPERTY);
        if (named == null || named.isBlank()) {
            throw new IllegalArgumentException("name the report.json to render: an argument or -D" + PROPERTY + "=...");
        }
        Path json = Path.of(named);
        if (!Files.isRegularFile(json)) {
            throw new IllegalArgumentException(PROPERTY + "=" + named + ": no such file (a rehearsal's report.json)");
        }
        EventLog.named(RenderReport.class.getName(), LogFormat.TEXT)
                .info("rehearsal.report_rendered", EventLog.fields("html", Rehearsal.rerender(json)));
    }
}
