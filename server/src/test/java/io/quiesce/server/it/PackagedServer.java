package io.quiesce.server.it;

import io.quiesce.testkit.LibertyServer;
import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/** Starts the packaged {@code quiesce} server (the one the image runs) as its own process with its own output directory. */
final class PackagedServer {

    private PackagedServer() {}

    /**
     * @param instance the output directory's name and, unless {@code env} says otherwise, the server's Quartz node id: the
     *                 default (the host name) would give two servers on one machine the same id, which Quartz must never see
     */
    static LibertyServer start(String instance, Map<String, String> env) throws IOException {
        return start(System.getProperty("quiesce.it.server.name"), instance, env);
    }

    /** @param serverName the packaged server or a {@link ServerCopy} of it */
    static LibertyServer start(String serverName, String instance, Map<String, String> env) throws IOException {
        Map<String, String> environment = new HashMap<>(env);
        environment.putIfAbsent("QUIESCE_JOBS_INSTANCE_ID", instance);
        // C1 only: half the CPU of a start (docs/benchmarks.md), and these tests start ~40 servers on a small machine.
        // They check behaviour, not throughput; the bench measures the image's JVM options.
        environment.putIfAbsent("JDK_JAVA_OPTIONS", "-XX:TieredStopAtLevel=1");
        return LibertyServer.start(
                Path.of(System.getProperty("quiesce.it.wlp.home")),
                serverName,
                Path.of(System.getProperty("quiesce.it.output.dir")).resolve(instance),
                environment);
    }
}
