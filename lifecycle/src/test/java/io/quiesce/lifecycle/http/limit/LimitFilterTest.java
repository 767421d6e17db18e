package io.quiesce.lifecycle.http.limit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import io.quiesce.lifecycle.http.FilteredRequests;
import io.quiesce.lifecycle.http.InFlightRequest;
import io.quiesce.lifecycle.http.InFlightTracker;
import io.quiesce.lifecycle.http.guard.Refusals;
import io.quiesce.lifecycle.log.EventLog;
import io.quiesce.lifecycle.log.LogFormat;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.http.HttpServletResponse;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * The limit's permit through the real drain filter: it bounds the requests on Liberty's threads, so a request answered
 * asynchronously (or a stream) gives it back when it leaves its thread, while the drain keeps counting it.
 */
class LimitFilterTest {

    private final InFlightTracker tracker = new InFlightTracker();
    private final LimitConfig config =
            new LimitConfig(true, 10, 4, 40, 2.0, Duration.ofMillis(250), 5, Duration.ofSeconds(1), Duration.ZERO);
    private final GradientLimit limit = new GradientLimit(config, System::nanoTime);
    private final LimitFilter filter = new LimitFilter(
            limit,
            config,
            new Refusals(EventLog.named("io.quiesce.test", LogFormat.TEXT), System::nanoTime, Duration.ofMinutes(1)));

    @Test
    void aLongLivedResponseGivesItsPermitBackWhileItIsStillOpen() {
        int[] heldWhileServing = new int[1];
        FilteredRequests.Async stream = new FilteredRequests(tracker).start(request -> {
            when(request.getDispatcherType()).thenReturn(DispatcherType.REQUEST);
            try {
                filter.doFilter(request, mock(HttpServletResponse.class), (req, res) -> {
                    heldWhileServing[0] = limit.inFlight();
                    InFlightRequest.of(req).orElseThrow().becomeLongLived(() -> {});
                });
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });

        assertThat(heldWhileServing[0]).as("permits held while the handler ran").isEqualTo(1);
        assertThat(limit.inFlight()).as("permits held by the open stream").isZero();
        assertThat(tracker.inFlight()).isZero();
        stream.complete();
        assertThat(limit.inFlight()).as("permits after the stream ended").isZero();
        assertThat(limit.tryAcquire()).isNotNegative();
    }

    @Test
    void anAsynchronousRequestGivesItsPermitBackWhenItsThreadReturns() {
        FilteredRequests.Async request = new FilteredRequests(tracker).start(r -> {
            when(r.getDispatcherType()).thenReturn(DispatcherType.REQUEST);
            try {
                filter.doFilter(r, mock(HttpServletResponse.class), (req, res) -> {});
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });

        assertThat(limit.inFlight())
                .as("permits held once the request thread returned")
                .isZero();
        assertThat(tracker.inFlight()).as("the drain still counts it").isEqualTo(1);
        request.complete();
        assertThat(tracker.inFlight()).isZero();
    }
}
