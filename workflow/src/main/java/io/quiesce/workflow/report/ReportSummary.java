package io.quiesce.workflow.report;

import io.quiesce.workflow.instance.StepRecord;
import java.util.List;
import java.util.Objects;

/**
 * What it took to produce a report, for its reader: how many step attempts failed and were retried, and which workers and
 * code versions ran the steps (more than one of each after a handover during a rolling update).
 */
public record ReportSummary(int retries, List<String> workers, List<String> codeVersions) {

    public ReportSummary {
        workers = List.copyOf(workers);
        codeVersions = List.copyOf(codeVersions);
    }

    static ReportSummary of(List<StepRecord> steps) {
        return new ReportSummary(
                steps.stream().mapToInt(step -> step.attempt() - 1).sum(),
                steps.stream().map(StepRecord::worker).distinct().toList(),
                steps.stream()
                        .map(StepRecord::codeVersion)
                        .filter(Objects::nonNull)
                        .distinct()
                        .toList());
    }
}
