package io.quiesce.lifecycle.log;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.logging.Logger;

import static org.assertj.core.api.Assertions.assertThat;

class EventLogTest {

    private static Map<String, Object> fields() {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("phase", "http-drain");
        fields.put("duration", Duration.ofMillis(1500));
        fields.put("in_flight", 2);
        fields.put("detail", "said \"no\"\nthen left");
        return fields;
    }

    @Test
    void rendersOneJsonObjectPerEvent() {
        EventLog log = new EventLog(Logger.getLogger("t"), LogFormat.JSON);
        assertThat(log.render("shutdown.phase", fields())).isEqualTo(
                "{\"event\":\"shutdown.phase\",\"phase\":\"http-drain\",\"duration\":1500,\"in_flight\":2,"
                        + "\"detail\":\"said \\\"no\\\"\\nthen left\"}");
    }

    @Test
    void rendersKeyValueTextOnOneLine() {
        EventLog log = new EventLog(Logger.getLogger("t"), LogFormat.TEXT);
        assertThat(log.render("shutdown.phase", fields())).isEqualTo(
                "event=shutdown.phase phase=http-drain duration=1500 in_flight=2 detail=\"said \\\"no\\\"\\nthen left\"");
    }

    @Test
    void parsesFormatsCaseSensitively() {
        assertThat(LogFormat.parse("json")).contains(LogFormat.JSON);
        assertThat(LogFormat.parse("JSON")).isEmpty();
    }

    @Test
    void describeKeepsTheFirstLineOfTheErrorAndItsRootCause() {
        Exception e = new IllegalStateException("Unable to connect\n----\nSQL State: 08001",
                new IOException("Connection refused"));

        assertThat(EventLog.describe(e))
                .isEqualTo("IllegalStateException: Unable to connect (cause: IOException: Connection refused)");
    }
}
