package io.quiesce.lifecycle.http;

import static java.time.Duration.ofMillis;
import static java.time.Duration.ofSeconds;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.quiesce.lifecycle.time.FakeTime;
import org.junit.jupiter.api.Test;

class RequestPaceTest {

    private final FakeTime time = new FakeTime();
    private final RequestPace pace = new RequestPace(time);

    @Test
    void countsRequestsPerSecondOverTheCompletedBucketsOfTheLastHalfMinute() {
        for (int i = 0; i < 400; i++) { // 40 s at 10 requests per second
            pace.arrived();
            time.advance(ofMillis(100));
        }
        assertThat(pace.perSecond()).isCloseTo(10, within(0.01));

        for (int i = 0; i < 40; i++) { // then 20 s at 2 per second: the window holds both
            pace.arrived();
            time.advance(ofMillis(500));
        }
        assertThat(pace.perSecond()).isCloseTo((10 * 10 + 20 * 2) / 30.0, within(0.5));
    }

    @Test
    void forgetsWhatIsOlderThanTheWindow() {
        for (int i = 0; i < 100; i++) {
            pace.arrived();
        }
        time.advance(ofSeconds(60));
        assertThat(pace.perSecond()).isZero();
    }

    @Test
    void isZeroBeforeABucketHasCompleted() {
        pace.arrived();
        assertThat(pace.perSecond()).isZero();
    }
}
