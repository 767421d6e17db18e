package io.quiesce.rehearsal;

import static org.assertj.core.api.Assertions.assertThat;

import io.quiesce.rehearsal.config.RehearsalConfig;
import io.quiesce.rehearsal.report.RunReport;
import io.quiesce.rehearsal.report.Summary;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The CI rehearsal: the plain Deployment overlay, two replacements at a low rate, against real servers, HAProxy and
 * dev services of its own. Any request, instance, step, fire or callback lost, or a server not exiting 0, fails it.
 */
class RehearsalIT {

    private static final Map<String, String> SHORT = Map.of(
            "quiesce.rehearsal.overlay", "kubernetes/overlays/deployment",
            "quiesce.rehearsal.replacements", "2",
            "quiesce.rehearsal.rate", "10",
            "quiesce.rehearsal.warmup", "3s",
            "quiesce.rehearsal.cooldown", "3s",
            "quiesce.rehearsal.rollout-timeout", "10m");

    @Test
    void twoReplacementsUnderLoadLoseNothing() throws Exception {
        RehearsalConfig config = RehearsalConfig.from(
                key -> Optional.ofNullable(System.getProperty(key)).or(() -> Optional.ofNullable(SHORT.get(key))),
                List.of());

        RunReport report = Rehearsal.run(config);

        assertThat(report.losses()).as(Summary.render(report)).isEmpty();
        assertThat(report.requests().succeeded()).as("requests served").isPositive();
        assertThat(report.pods()).filteredOn(RunReport.PodResult::deleted).hasSize(2);
        assertThat(report.workflows().accepted()).as("instances accepted").isPositive();
        assertThat(report.schedule().expected()).as("fire times checked").isPositive();
        assertThat(report.callbacks().ended())
                .as("instances that ended with a callback to deliver")
                .isPositive();
    }
}
