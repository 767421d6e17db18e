package io.quiesce.rehearsal.release;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * One release a rehearsal runs: the packaged server its pods start and the code version they record (what the database
 * and the report tell the releases apart by).
 *
 * @param version the code version its pods record ({@code QUIESCE_WORKFLOW_CODE_VERSION})
 * @param wlp     its packaged server's Liberty installation
 * @param origin  where it came from, for the report ({@code commit e50742f (releases.txt)}, {@code this build}, a path)
 * @param buildSeconds how long building it took in this rehearsal; 0 when it was built before (or is this build)
 */
public record Release(String version, Path wlp, String origin, long buildSeconds) {

    /** The server every packaged Quiesce server carries (liberty.server.name). */
    public static final String SERVER = "quiesce";

    /** Fails, naming the directory, when it holds no packaged Quiesce server. */
    public static Path requirePackaged(Path wlp, String what) {
        if (!Files.isExecutable(wlp.resolve("bin/server"))
                || !Files.isRegularFile(wlp.resolve("usr/servers/" + SERVER + "/server.xml"))) {
            throw new IllegalStateException(what + ": " + wlp + " is not a packaged Quiesce server (no bin/server or"
                    + " usr/servers/" + SERVER + "/server.xml); build one with ./mvnw -pl server -am -DskipTests"
                    + " pre-integration-test");
        }
        return wlp;
    }
}
