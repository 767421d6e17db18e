package io.quiesce.lifecycle.http.limit;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class GradientLimitTest {

    private long now = 1_000_000_000L;
    private final LimitConfig config =
            new LimitConfig(true, 10, 4, 40, 2.0, Duration.ofMillis(250), 5, Duration.ofSeconds(1), Duration.ZERO);
    private final GradientLimit limit = new GradientLimit(config, () -> now);

    @Test
    void refusesAtOnceBeyondTheLimitAndAdmitsAgainWhenARequestEnds() {
        List<Long> permits = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            permits.add(limit.tryAcquire());
        }
        assertThat(permits).allMatch(p -> p >= 0);
        assertThat(limit.tryAcquire()).isEqualTo(-1);
        assertThat(limit.tryAcquire()).isEqualTo(-1);
        limit.release(permits.remove(0));
        assertThat(limit.tryAcquire()).isNotNegative();
        GradientLimit.Snapshot s = limit.snapshot();
        assertThat(s.accepted()).isEqualTo(11);
        assertThat(s.shed()).isEqualTo(2);
        assertThat(s.inFlight()).isEqualTo(10);
    }

    @Test
    void growsWhileRequestsStayFastAndTheLimitIsUsed() {
        windows(20, 10, Duration.ofMillis(5));
        assertThat(limit.limit()).isGreaterThan(20);
        windows(200, 40, Duration.ofMillis(5));
        assertThat(limit.limit()).isEqualTo(config.max());
        assertThat(limit.snapshot().highest()).isEqualTo(config.max());
    }

    @Test
    void doesNotGrowWhenTheLimitIsNeverApproached() {
        windows(50, 2, Duration.ofMillis(5));
        assertThat(limit.limit()).isEqualTo(config.initial());
    }

    @Test
    void shrinksTowardsItsMinimumWhenEveryRequestQueues() {
        windows(10, 10, Duration.ofMillis(5));
        int before = limit.limit();
        windows(5, 10, Duration.ofMillis(50));
        assertThat(limit.limit()).isLessThan(before);
        windows(12, 10, Duration.ofMillis(200));
        assertThat(limit.limit()).isEqualTo(config.min());
        assertThat(limit.snapshot().lowest()).isEqualTo(config.min());
    }

    @Test
    void aBurstOfInherentlySlowRequestsDoesNotPinItToTheFloor() {
        windows(10, 10, Duration.ofMillis(2));
        windows(40, 20, Duration.ofMillis(300));
        assertThat(limit.snapshot().lowest()).isEqualTo(config.min());
        windows(200, 20, Duration.ofMillis(300));
        assertThat(limit.limit()).isGreaterThan(config.min() * 2);
    }

    @Test
    void latencyWithinTheToleranceDoesNotShrinkIt() {
        windows(10, 10, Duration.ofMillis(5));
        int before = limit.limit();
        windows(10, 10, Duration.ofMillis(9));
        assertThat(limit.limit()).isGreaterThanOrEqualTo(before);
    }

    @Test
    void longRequestsAmongFastOnesDoNotShrinkIt() {
        windows(10, 10, Duration.ofMillis(5));
        int before = limit.limit();
        for (int w = 0; w < 20; w++) {
            long slow1 = limit.tryAcquire();
            long slow2 = limit.tryAcquire();
            now += Duration.ofSeconds(15).toNanos();
            limit.release(slow1);
            limit.release(slow2);
            window(8, Duration.ofMillis(5));
        }
        assertThat(limit.limit()).isGreaterThanOrEqualTo(before);
    }

    @Test
    void learnsABaselineThatMovedForGood() {
        windows(10, 10, Duration.ofMillis(5));
        windows(400, 10, Duration.ofMillis(30));
        int settled = limit.limit();
        assertThat(limit.snapshot().noLoadNanos())
                .isGreaterThan(Duration.ofMillis(15).toNanos());
        windows(20, 10, Duration.ofMillis(30));
        assertThat(limit.limit()).isGreaterThanOrEqualTo(settled);
    }

    /** {@code count} windows of {@code concurrent} requests at once, each taking {@code rtt}. */
    private void windows(int count, int concurrent, Duration rtt) {
        for (int w = 0; w < count; w++) {
            window(concurrent, rtt);
        }
    }

    private void window(int concurrent, Duration rtt) {
        long start = now;
        while (now - start < config.window().toNanos()) {
            List<Long> permits = new ArrayList<>();
            for (int i = 0; i < concurrent; i++) {
                long p = limit.tryAcquire();
                if (p >= 0) {
                    permits.add(p);
                }
            }
            now += rtt.toNanos();
            permits.forEach(limit::release);
        }
    }
}
