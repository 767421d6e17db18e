package io.quiesce.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.logging.Logger;
import org.junit.jupiter.api.Test;

class LoggedEventsTest {

    @Test
    void collectsTheLinesOfOneEventAndReadsTheirFields() {
        Logger logger = Logger.getLogger("test.logged-events");
        try (LoggedEvents events = LoggedEvents.of("test.logged-events")) {
            logger.info("event=database.migrated attempt=1 applied=2 scripts=V1__a.sql,V2__b.sql");
            logger.info("event=database.migrated_late applied=9");
            logger.warning("event=retry.attempt_failed task=x error=\"IOException: no \\\"db\\\" here\"");

            assertThat(events.count("database.migrated")).isEqualTo(1);
            assertThat(LoggedEvents.field(events.lines("database.migrated").get(0), "applied"))
                    .isEqualTo("2");
            assertThat(LoggedEvents.field(events.lines("retry.attempt_failed").get(0), "error"))
                    .isEqualTo("IOException: no \\\"db\\\" here");
            assertThat(LoggedEvents.field(events.lines("retry.attempt_failed").get(0), "missing"))
                    .isNull();
        }
        logger.info("event=database.migrated applied=1");
    }
}
