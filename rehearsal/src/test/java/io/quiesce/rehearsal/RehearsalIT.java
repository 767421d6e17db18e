package io.quiesce.rehearsal;

import static org.assertj.core.api.Assertions.assertThat;

import io.quiesce.rehearsal.config.RehearsalConfig;
import io.quiesce.rehearsal.report.RunReport;
import io.quiesce.rehearsal.report.Summary;
import io.quiesce.rehearsal.watch.WatchConfig;
import io.quiesce.testkit.Releases;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The CI rehearsal, an upgrade: the plain Deployment overlay's replicas start from the release in production (the newest
 * in {@code releases.txt}, built from its commit or found in the release cache) and are replaced by this build's, two
 * replacements at a low rate, against real servers, HAProxy and dev services of its own. Any request, instance, step
 * or fire lost, a workflow task failed, or a server not exiting 0 fails it; so does a release-N pod failing after the
 * first pod of this build migrated the schema, or a callback missing. Watchers follow a share of
 * the instances when the release in production serves their event stream; the report says why when it does not.
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
    void upgradeFromTheReleaseInProductionLosesNothing() throws Exception {
        Path root = Path.of(System.getProperty(RehearsalConfig.PREFIX + "root"));
        Releases.Release production = Releases.read(root).newest();
        Map<String, String> settings = new HashMap<>(SHORT);
        settings.put(RehearsalConfig.PREFIX + "from", production.commit());
        RehearsalConfig config = RehearsalConfig.from(
                key -> Optional.ofNullable(System.getProperty(key)).or(() -> Optional.ofNullable(settings.get(key))),
                List.of());

        RunReport report = Rehearsal.run(config, WatchConfig.from(key -> Optional.ofNullable(System.getProperty(key))));
        String summary = Summary.render(report);

        assertThat(report.losses()).as(summary).isEmpty();
        assertThat(report.timeline().pods())
                .as("every pod's phases on the time axis")
                .hasSameSizeAs(report.pods())
                .filteredOn(p -> p.deletedMillis() >= 0)
                .allSatisfy(p -> assertThat(p.exitMillis()).isGreaterThan(p.sigtermMillis()))
                .allSatisfy(p -> assertThat(p.shutdown())
                        .as("its shutdown phases, from its log")
                        .isNotEmpty());
        assertThat(report.timeline().seconds().stream()
                        .mapToInt(s -> s.outcomes().values().stream()
                                .mapToInt(Integer::intValue)
                                .sum())
                        .sum())
                .as("every completed request in a second")
                .isEqualTo(report.requests().arrived() - report.requests().unsent());
        assertThat(config.output().resolve("report.html"))
                .content()
                .contains("<g class=\"lane\" data-pod=\"quiesce-1\"");
        assertThat(report.pods()).filteredOn(RunReport.PodResult::deleted).hasSize(2);
        assertThat(report.upgrade().from()).isEqualTo(production.version());
        assertThat(report.upgrade().upgradeReplacements()).isEqualTo(2);
        assertThat(report.requests().byRelease())
                .as("requests answered by each release")
                .hasEntrySatisfying(
                        production.version(), r -> assertThat(r.answered()).isPositive())
                .hasEntrySatisfying(
                        report.upgrade().to(), r -> assertThat(r.answered()).isPositive());
        assertThat(report.upgrade().migrations())
                .as("the expand step this build brings, applied while %s served", production)
                .isNotEmpty();
        assertThat(report.upgrade().fromAnsweredAfterMigration())
                .as(production + " answering on the migrated schema")
                .isPositive();
        assertThat(report.workflows().accepted()).as("instances accepted").isPositive();
        assertThat(report.workflowTasks().histories())
                .as("every instance's history read from Temporal")
                .isEqualTo(report.workflows().byRelease().values().stream()
                        .mapToInt(w -> w.started().values().stream()
                                .mapToInt(Integer::intValue)
                                .sum())
                        .sum());
        assertThat(report.workflowTasks().failed()).isZero();
        assertThat(report.schedule().expected()).as("fire times checked").isPositive();
        if (report.watches().off().isEmpty()) {
            assertThat(report.watches().watched())
                    .as("instances watched (20 %% by default)")
                    .isPositive();
        } else {
            assertThat(report.watches().off()).as("why no watchers").startsWith(production.version() + " serves no ");
        }
        if (report.callbacks().off().isEmpty()) {
            assertThat(report.callbacks().ended())
                    .as("instances that ended with a callback to deliver")
                    .isPositive();
        } else {
            assertThat(report.callbacks().off()).as("why no callbacks").startsWith(production.version() + " ");
        }
    }
}
