package io.quiesce.lifecycle.stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.Mockito.mock;

import io.quiesce.lifecycle.http.FilteredRequests;
import io.quiesce.lifecycle.http.InFlightTracker;
import jakarta.servlet.http.HttpServletRequest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class StreamRegistryTest {

    private final InFlightTracker http = new InFlightTracker();
    private final FilteredRequests requests = new FilteredRequests(http);
    private final StreamRegistry registry =
            new StreamRegistry(new StreamConfig(2, Duration.ofSeconds(1), Duration.ofSeconds(15)));
    private final List<Duration> ends = new ArrayList<>();

    private Optional<StreamRegistry.Membership> join(FilteredRequests.Async[] opened) {
        AtomicReference<Optional<StreamRegistry.Membership>> joined = new AtomicReference<>();
        opened[0] = requests.start(request -> joined.set(registry.join(request, ends::add)));
        return joined.get();
    }

    @Test
    void aJoinedStreamIsNotInFlightClosesItsConnectionAndLeavesWhenItsResponseEnds() {
        FilteredRequests.Async[] opened = new FilteredRequests.Async[1];
        Optional<StreamRegistry.Membership> membership = join(opened);

        assertThat(membership).isPresent();
        assertThat(http.inFlight()).as("requests the drain waits for").isZero();
        assertThat(registry.open()).isEqualTo(1);
        assertThat(opened[0].header("Connection")).isEqualTo("close");

        opened[0].complete();
        assertThat(registry.open()).isZero();
        assertThat(http.inFlight()).isZero();
    }

    @Test
    void beyondTheLimitAStreamIsRefusedUntilAnotherEnds() {
        FilteredRequests.Async[] first = new FilteredRequests.Async[1];
        join(first);
        join(new FilteredRequests.Async[1]);
        FilteredRequests.Async[] third = new FilteredRequests.Async[1];

        assertThat(join(third)).isEmpty();
        assertThat(http.inFlight()).as("the refused request is an ordinary one").isEqualTo(1);
        assertThat(registry.refused()).isEqualTo(1);

        first[0].complete();
        assertThat(join(new FilteredRequests.Async[1])).isPresent();
    }

    @Test
    void endAllTellsEveryOpenStreamOnceWithASpreadHint() {
        join(new FilteredRequests.Async[1]);
        FilteredRequests.Async[] ended = new FilteredRequests.Async[1];
        join(ended);
        ended[0].complete();

        assertThat(registry.endAll()).isEqualTo(1);
        assertThat(registry.endAll()).isZero();
        assertThat(ends).hasSize(1);
        assertThat(ends.get(0)).isBetween(Duration.ofSeconds(1), Duration.ofMillis(1999));
        assertThat(registry.ended()).isEqualTo(1);
    }

    @Test
    void aStreamJoiningAfterTheSignalIsToldToEndBeforeJoinReturns() {
        registry.beginDraining();
        AtomicReference<Integer> endsSeenByJoin = new AtomicReference<>();
        requests.start(request -> {
            StreamRegistry.Membership membership =
                    registry.join(request, ends::add).orElseThrow();
            endsSeenByJoin.set(ends.size());
            assertThat(membership.ending()).isTrue();
        });

        assertThat(endsSeenByJoin.get()).isEqualTo(1);
        assertThat(registry.endedOnJoin()).isEqualTo(1);
        assertThat(registry.open()).as("open until its response ends").isEqualTo(1);
    }

    @Test
    void aRequestTheDrainFilterDidNotSeeCannotJoin() {
        assertThatThrownBy(() -> registry.join(mock(HttpServletRequest.class), ends::add))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("drain filter");
    }
}
