package io.quiesce.lifecycle.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.quiesce.lifecycle.log.LogFormat;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import org.junit.jupiter.api.Test;

class LifecycleConfigTest {

    private final Map<String, String> values = defaults();

    private static Map<String, String> defaults() {
        Properties properties = new Properties();
        try (InputStream in =
                LifecycleConfigTest.class.getResourceAsStream("/META-INF/microprofile-config.properties")) {
            properties.load(in);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        Map<String, String> map = new HashMap<>();
        properties.stringPropertyNames().forEach(name -> map.put(name, properties.getProperty(name)));
        return map;
    }

    private LifecycleConfig read() {
        return LifecycleConfig.read(name -> Optional.ofNullable(values.get(name)));
    }

    @Test
    void theShippedDefaultsAreValid() {
        LifecycleConfig config = read();
        assertThat(config.shutdown())
                .isEqualTo(new ShutdownConfig(
                        Duration.ofSeconds(30), Duration.ofSeconds(2), Duration.ofSeconds(5), Duration.ofSeconds(15)));
        assertThat(config.shutdown().deadline()).isEqualTo(Duration.ofSeconds(28));
        assertThat(config.logFormat()).isEqualTo(LogFormat.TEXT);
    }

    @Test
    void aNegativeDurationStopsTheStart() {
        values.put(LifecycleConfig.DELAY, "-1s");
        assertThatThrownBy(this::read)
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("quiesce.shutdown.delay='-1s'");
    }

    @Test
    void anUnparsableDurationStopsTheStart() {
        values.put(LifecycleConfig.GRACE_PERIOD, "thirty");
        assertThatThrownBy(this::read)
                .hasMessageContaining("quiesce.shutdown.grace-period='thirty'")
                .hasMessageContaining("500ms, 5s, 2m");
    }

    @Test
    void delayPlusDrainMustFitIntoTheGracePeriodMinusTheMargin() {
        values.put(LifecycleConfig.DELAY, "10s");
        values.put(LifecycleConfig.DRAIN_TIMEOUT, "20s");
        assertThatThrownBy(this::read)
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("quiesce.shutdown.delay='10s' + quiesce.shutdown.drain-timeout='20s' = 30s")
                .hasMessageContaining("quiesce.shutdown.grace-period - quiesce.shutdown.margin = 28s")
                .hasMessageContaining("<= 28s");
    }

    @Test
    void exactlyFillingTheBudgetIsAllowed() {
        values.put(LifecycleConfig.DELAY, "8s");
        values.put(LifecycleConfig.DRAIN_TIMEOUT, "20s");
        assertThat(read().shutdown().delay().plus(read().shutdown().drainTimeout()))
                .isEqualTo(Duration.ofSeconds(28));
    }

    @Test
    void theMarginCannotExceedTheGracePeriod() {
        values.put(LifecycleConfig.MARGIN, "31s");
        assertThatThrownBy(this::read)
                .hasMessageContaining("quiesce.shutdown.margin='31s'")
                .hasMessageContaining("from 0 to 30s");
    }

    @Test
    void aZeroGracePeriodIsRejected() {
        values.put(LifecycleConfig.GRACE_PERIOD, "0");
        assertThatThrownBy(this::read).hasMessageContaining("from 1s to 3600s");
    }

    @Test
    void anUnknownLogFormatNamesTheAllowedValues() {
        values.put(LifecycleConfig.LOG_FORMAT, "xml");
        assertThatThrownBy(this::read)
                .hasMessage("Invalid configuration quiesce.log.format='xml': allowed values are text or json.");
    }

    @Test
    void aMissingPropertyIsNamed() {
        values.remove(LifecycleConfig.DRAIN_TIMEOUT);
        assertThatThrownBy(this::read).hasMessageStartingWith("Missing configuration quiesce.shutdown.drain-timeout");
    }

    @Test
    void theDelayIsFixedUnlessTrafficModeIsChosen() {
        assertThat(read().shutdown().delayPolicy()).isEqualTo(DelayPolicy.fixed());

        values.put(LifecycleConfig.DELAY_MODE, "traffic");
        values.put(LifecycleConfig.DELAY, "10s");
        values.put(LifecycleConfig.DELAY_MINIMUM, "3s");
        values.put(LifecycleConfig.DELAY_QUIET_PERIOD, "1500ms");
        ShutdownConfig shutdown = read().shutdown();
        assertThat(shutdown.delay()).isEqualTo(Duration.ofSeconds(10));
        assertThat(shutdown.delayPolicy())
                .isEqualTo(DelayPolicy.traffic(Duration.ofSeconds(3), Duration.ofMillis(1500)));
    }

    @Test
    void anUnknownDelayModeStopsTheStart() {
        values.put(LifecycleConfig.DELAY_MODE, "adaptive");
        assertThatThrownBy(this::read)
                .isInstanceOf(ConfigException.class)
                .hasMessage("Invalid configuration quiesce.shutdown.delay.mode='adaptive': allowed values are fixed or"
                        + " traffic.");
    }

    @Test
    void theMinimumIsCappedAtTheMaximumSoThatAShortDelayStaysShort() {
        values.put(LifecycleConfig.DELAY_MODE, "traffic");
        values.put(LifecycleConfig.DELAY, "1s");
        assertThat(read().shutdown().delayPolicy())
                .isEqualTo(DelayPolicy.traffic(Duration.ofSeconds(1), Duration.ofSeconds(2)));
    }

    @Test
    void aQuietPeriodOutsideItsRangeStopsTheStartInEitherMode() {
        values.put(LifecycleConfig.DELAY_QUIET_PERIOD, "10ms");
        assertThatThrownBy(this::read)
                .hasMessage("Invalid configuration quiesce.shutdown.delay.quiet-period='10ms': allowed values are from"
                        + " 100ms to 60s.");
    }

    @Test
    void aMinimumOutsideItsRangeStopsTheStart() {
        values.put(LifecycleConfig.DELAY_MINIMUM, "2h");
        assertThatThrownBy(this::read)
                .hasMessage("Invalid configuration quiesce.shutdown.delay.minimum='2h': allowed values are from 0 to"
                        + " 3600s.");
    }
}
