package io.quiesce.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;
import org.junit.jupiter.api.Test;

class ProcessStatsTest {

    @Test
    void readsThisJvmsCpuMemoryAndThreads() {
        long busyUntil = System.nanoTime() + 200_000_000L;
        long spins = 0;
        while (System.nanoTime() < busyUntil) {
            spins++;
        }

        ProcessStats stats = ProcessStats.of(ProcessHandle.current().pid()).orElseThrow();

        assertThat(spins).isPositive();
        assertThat(stats.cpuSeconds()).isGreaterThanOrEqualTo(0.1);
        assertThat(stats.rssMegabytes()).isBetween(10L, (Runtime.getRuntime().maxMemory() >> 20) + 1024);
        assertThat(stats.threads()).isGreaterThanOrEqualTo(Thread.activeCount());
    }

    @Test
    void aProcessThatIsGoneHasNoStats() throws Exception {
        Process done = new ProcessBuilder("true").start();
        done.waitFor();

        assertThat(ProcessStats.of(done.pid())).isEqualTo(Optional.empty());
    }
}
