package io.quiesce.bench;

import io.quiesce.testkit.LibertyServer;
import io.quiesce.testkit.ProcessStats;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/** Starts the benchmarks' servers and measures what their start cost. */
final class Servers {

    static final Duration START_TIMEOUT = Duration.ofMinutes(5);

    /** Taken the moment {@code /health/ready} first answers 200. */
    record Start(Duration startToReady, ProcessStats atReady) {}

    private final Path wlp;

    Servers(Path wlp) {
        this.wlp = wlp;
    }

    LibertyServer launch(Variant variant, String instance, JvmOptions jvm, Path output, Map<String, String> extraEnv)
            throws IOException {
        Map<String, String> env = new HashMap<>(variant.envFor(instance));
        env.putAll(jvm.env());
        env.putAll(extraEnv);
        return LibertyServer.start(wlp, variant.server(), output, env);
    }

    static Start awaitReady(LibertyServer server) {
        server.awaitReady(START_TIMEOUT);
        Duration startToReady = server.sinceStart();
        return new Start(
                startToReady,
                ProcessStats.of(server.pid())
                        .orElseThrow(() -> new IllegalStateException("server exited right after it became ready")));
    }
}
