package io.quiesce.testkit;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Read from Linux's {@code /proc}: what a kubelet's cgroup accounting would charge the pod for, without a cgroup per
 * process. {@code cpuSeconds} counts every thread, ended ones too.
 */
public record ProcessStats(double cpuSeconds, long rssBytes, int threads) {

    /** Clock ticks per second of {@code /proc/<pid>/stat}; 100 on every Linux this runs on (USER_HZ). */
    static final int CLOCK_TICKS = 100;

    public static Optional<ProcessStats> of(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            // Fields after the command name, which is in parentheses and may itself contain spaces.
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).trim().split("\\s+");
            long ticks = Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
            long rssKb = 0;
            int threads = 0;
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
                if (line.startsWith("VmRSS:")) {
                    rssKb = Long.parseLong(line.replaceAll("\\D", ""));
                } else if (line.startsWith("Threads:")) {
                    threads = Integer.parseInt(line.replaceAll("\\D", ""));
                }
            }
            return Optional.of(new ProcessStats((double) ticks / CLOCK_TICKS, rssKb * 1024, threads));
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    public long rssMegabytes() {
        return rssBytes / (1024 * 1024);
    }
}
