package io.quiesce.jobs.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.quiesce.lifecycle.config.ConfigException;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class JobsConfigTest {

    /** The shipped defaults, read from the jar's own file so that the test and the application agree. */
    private static Map<String, String> defaults() throws IOException {
        Properties p = new Properties();
        try (InputStream in = JobsConfig.class.getResourceAsStream("/META-INF/microprofile-config.properties")) {
            p.load(in);
        }
        Map<String, String> values = new HashMap<>();
        p.stringPropertyNames().forEach(k -> values.put(k, p.getProperty(k)));
        return values;
    }

    private static JobsConfig read(Map<String, String> values) {
        return JobsConfig.read(name -> Optional.ofNullable(values.get(name)));
    }

    @Test
    void defaultsAreValidAndTunedForFastFailover() throws IOException {
        Map<String, String> values = defaults();
        values.put(JobsConfig.INSTANCE_ID, "quiesce-7d9f-abcde");
        JobsConfig config = read(values);
        assertThat(config.schedulerName()).isEqualTo("quiesce");
        assertThat(config.instanceId()).isEqualTo("quiesce-7d9f-abcde");
        assertThat(config.idleWait()).isEqualTo(Duration.ofSeconds(2));
        assertThat(config.checkinInterval()).isEqualTo(Duration.ofSeconds(1));
        assertThat(config.misfireThreshold()).isEqualTo(Duration.ofSeconds(5));
        assertThat(config.shutdownBudget()).isEqualTo(Duration.ofSeconds(3));
        assertThat(config.retention()).isEqualTo(Duration.ofDays(30));
        assertThat(config.purgeCron()).isEqualTo("0 17 * * * ?");
        assertThat(config.purgeBatchSize()).isEqualTo(500);
        assertThat(config.reconcileCron()).isEqualTo("30 * * * * ?");
        assertThat(config.reconcileBatchSize()).isEqualTo(100);
        assertThat(config.reconcileQuietPeriod()).isEqualTo(Duration.ofMinutes(2));
    }

    @Test
    void instanceIdDefaultsToTheHostName() throws IOException {
        assertThat(read(defaults()).instanceId()).isNotBlank().matches("[A-Za-z0-9._@:-]+");
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "quiesce.jobs.thread-count|0|a whole number from 1 to 64",
                "quiesce.jobs.thread-count|four|a whole number from 1 to 64",
                "quiesce.jobs.idle-wait|500ms|from 1s to 300s",
                "quiesce.jobs.checkin-interval|soon|a duration such as",
                "quiesce.jobs.misfire-threshold|0|from 1s to 3600s",
                "quiesce.retention|30 days|a duration such as",
                "quiesce.jobs.purge.cron|*/5 * * * *|a Quartz cron expression of 6 or 7 fields",
                "quiesce.jobs.purge.batch-size|100000|a whole number from 1 to 10000",
                "quiesce.jobs.reconcile.cron|every minute|a Quartz cron expression of 6 or 7 fields",
                "quiesce.jobs.reconcile.batch-size|0|a whole number from 1 to 1000",
                "quiesce.jobs.reconcile.quiet-period|1s|from 30s to",
                "quiesce.jobs.scheduler-name|has space|1 to 120 letters",
                "quiesce.jobs.instance-id|pod/1|1 to 200 letters"
            })
    void aBadValueNamesThePropertyAndTheAllowedValues(String property, String value, String allowed)
            throws IOException {
        Map<String, String> values = defaults();
        values.put(property, value);
        assertThatThrownBy(() -> read(values))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("Invalid configuration " + property + "='" + value + "'")
                .hasMessageContaining(allowed);
    }

    @Test
    void aMissingDefaultSaysWhereItLives() throws IOException {
        Map<String, String> values = defaults();
        values.remove(JobsConfig.SHUTDOWN_BUDGET);
        assertThatThrownBy(() -> read(values))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("Missing configuration quiesce.jobs.shutdown-budget");
    }
}
