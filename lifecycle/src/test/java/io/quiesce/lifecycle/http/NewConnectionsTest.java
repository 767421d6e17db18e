package io.quiesce.lifecycle.http;

import static java.time.Duration.ofSeconds;
import static org.assertj.core.api.Assertions.assertThat;

import io.quiesce.lifecycle.time.FakeTime;
import org.junit.jupiter.api.Test;

class NewConnectionsTest {

    private final FakeTime time = new FakeTime();
    private final NewConnections connections = new NewConnections(time);

    @Test
    void requestsOnConnectionsSeenBeforeTheSignalAreNotNew() {
        connections.arrived("10.0.0.7", 40001, 9080, false);
        connections.arrived("10.0.0.8", 40001, 9080, false);
        connections.beginDraining();
        time.advance(ofSeconds(1));

        connections.arrived("10.0.0.7", 40001, 9080, false);
        connections.arrived("10.0.0.8", 40001, 9080, false);

        assertThat(connections.count()).isZero();
    }

    @Test
    void aConnectionFirstSeenAfterTheSignalIsNewOnceHoweverManyRequestsItCarries() {
        connections.arrived("10.0.0.7", 40001, 9080, false);
        connections.beginDraining();
        time.advance(ofSeconds(1));
        connections.arrived("10.0.0.7", 40002, 9080, false);
        long first = time.nanoTime();
        time.advance(ofSeconds(1));
        connections.arrived("10.0.0.7", 40002, 9080, false);
        // The same client port on another local port (another listener) is another connection.
        connections.arrived("10.0.0.7", 40001, 9443, false);

        assertThat(connections.count()).isEqualTo(2);
        assertThat(connections.lastNanos()).isEqualTo(first + ofSeconds(1).toNanos());
    }

    @Test
    void aConnectionTheClientClosedIsForgottenSoItsPortCanReturnAsANewConnection() {
        connections.arrived("10.0.0.7", 40001, 9080, false);
        connections.arrived("10.0.0.7", 40001, 9080, true);
        connections.beginDraining();
        connections.arrived("10.0.0.7", 40001, 9080, false);

        assertThat(connections.count()).isEqualTo(1);
    }

    @Test
    void connectionsIdleLongerThanLibertyKeepsThemAreForgotten() {
        connections.arrived("10.0.0.7", 40001, 9080, false);
        time.advance(NewConnections.REMEMBERED_FOR.plusSeconds(1));
        connections.arrived("10.0.0.8", 40001, 9080, false);

        assertThat(connections.remembered()).isEqualTo(1);
        connections.beginDraining();
        connections.arrived("10.0.0.7", 40001, 9080, false);
        assertThat(connections.count()).isEqualTo(1);
    }

    @Test
    void memoryIsBoundedAndWhatItCannotHoldCountsAsNewWhichOnlyLengthensTheDelay() {
        for (int i = 0; i < NewConnections.CAPACITY + 100; i++) {
            connections.arrived("10.0.0." + (i % 200), 1024 + i / 200, 9080, false);
        }
        assertThat(connections.remembered()).isEqualTo(NewConnections.CAPACITY);

        connections.beginDraining();
        int last = NewConnections.CAPACITY + 99;
        connections.arrived("10.0.0." + (last % 200), 1024 + last / 200, 9080, false);
        connections.arrived("10.0.0." + (last % 200), 1024 + last / 200, 9080, false);
        connections.arrived("10.0.0.0", 1024, 9080, false);

        assertThat(connections.count()).as("the unremembered one, each time").isEqualTo(2);
    }
}
