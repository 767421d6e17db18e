package io.quiesce.rehearsal;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.quiesce.rehearsal.config.RehearsalConfig;
import io.quiesce.rehearsal.report.RunReport;
import io.quiesce.rehearsal.report.Summary;
import io.quiesce.rehearsal.rollout.RolloutRehearsal;
import io.quiesce.rehearsal.watch.WatchConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.logging.Logger;

/**
 * The rehearsal command: {@code ./mvnw -Prehearse -DskipTests verify -Dquiesce.rehearsal.overlay=...}. Writes
 * {@code report.json} and {@code summary.txt} to the output directory, prints the summary, and fails when anything
 * was lost.
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
        write(config.output().resolve("summary.txt"), summary);
        Logger.getLogger(Rehearsal.class.getName())
                .info("\n" + summary + "report: " + config.output().resolve("report.json"));
        return report;
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
