package io.quiesce.kubernetes.script;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import io.quiesce.kubernetes.Repository;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * verify-rollout.sh is statically clean (shellcheck where installed, else at least {@code bash -n}) and counts what it
 * claims to: it runs against a loopback HTTP server with a stub {@code kubectl} on the PATH, once with every answer
 * 2xx and once with some 503s, and must report exactly the failures the server sent.
 */
class VerifyRolloutScriptTest {

    private static final long TIMEOUT_SECONDS = 60;
    private static final Pattern SUMMARY = Pattern.compile("requests: (\\d+)\\s+2xx: (\\d+)\\s+failed: (\\d+)");

    @TempDir
    Path work;

    private HttpServer server;

    @AfterEach
    void stopServer() {
        if (server != null) {
            server.stop(0);
        }
    }

    @Test
    void isExecutableAndStaticallyClean() throws Exception {
        assertThat(Files.isExecutable(script())).isTrue();
        Result result = onPath("shellcheck")
                ? run(List.of("shellcheck", "--severity=style", script().toString()), Map.of())
                : run(List.of("bash", "-n", script().toString()), Map.of());
        assertThat(result.exitCode()).as(result.output()).isZero();
    }

    @Test
    void documentsItselfAndRejectsUnknownOptions() throws Exception {
        Result help = run(List.of("bash", script().toString(), "--help"), Map.of());
        assertThat(help.exitCode()).isZero();
        assertThat(help.output())
                .contains("--overlay", "--url", "--max-requests", "--max-seconds", "--retry 0", "Exit codes");

        assertThat(run(List.of("bash", script().toString(), "--no-such-option"), Map.of())
                        .exitCode())
                .isEqualTo(2);
    }

    @Test
    void passesWhenEveryRequestSucceeds() throws Exception {
        requireCurl();
        AtomicInteger failuresSent = startServer(0);

        Result result = runAgainstServer();

        assertThat(result.exitCode()).as(result.output()).isZero();
        assertThat(summary(result)).satisfies(counts -> {
            assertThat(counts[0]).isPositive();
            assertThat(counts[2]).isZero();
        });
        assertThat(failuresSent).hasValue(0);
        assertThat(Files.readString(work.resolve("kubectl.log"))).contains("rollout restart deployment/quiesce");
    }

    @Test
    void countsEveryFailedRequestAndFails() throws Exception {
        requireCurl();
        AtomicInteger failuresSent = startServer(7);

        Result result = runAgainstServer();

        assertThat(result.exitCode()).as(result.output()).isEqualTo(1);
        assertThat(summary(result)[2]).isEqualTo(failuresSent.get()).isPositive();
        assertThat(result.output()).contains(" 503");
    }

    /** Answers 503 to every {@code everyNth} request (never when 0); counts the 503s sent. */
    private AtomicInteger startServer(int everyNth) throws IOException {
        AtomicInteger requests = new AtomicInteger();
        AtomicInteger failures = new AtomicInteger();
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", exchange -> {
            int number = requests.incrementAndGet();
            // The first requests (the script's readiness poll) succeed, so only the loop sees failures.
            boolean fail = everyNth > 0 && number > 3 && number % everyNth == 0;
            if (fail) {
                failures.incrementAndGet();
            }
            byte[] body = (fail ? "draining" : "ok").getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(fail ? 503 : 200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
        return failures;
    }

    private Result runAgainstServer() throws Exception {
        Path bin = Files.createDirectories(work.resolve("bin"));
        Path kubectl = bin.resolve("kubectl");
        Files.writeString(kubectl, "#!/bin/sh\necho \"$*\" >> \"" + work.resolve("kubectl.log") + "\"\nexit 0\n");
        Files.setPosixFilePermissions(kubectl, PosixFilePermissions.fromString("rwxr-xr-x"));
        String url = "http://127.0.0.1:" + server.getAddress().getPort() + "/health/live";
        return run(
                List.of(
                        "bash",
                        script().toString(),
                        "--no-apply",
                        "--url",
                        url,
                        "--max-requests",
                        "300",
                        "--max-seconds",
                        "20",
                        "--settle",
                        "1"),
                Map.of("PATH", bin + ":" + System.getenv("PATH")));
    }

    private static int[] summary(Result result) {
        Matcher matcher = SUMMARY.matcher(result.output());
        assertThat(matcher.find()).as(result.output()).isTrue();
        return new int[] {
            Integer.parseInt(matcher.group(1)), Integer.parseInt(matcher.group(2)), Integer.parseInt(matcher.group(3))
        };
    }

    private Result run(List<String> command, Map<String, String> environment) throws Exception {
        ProcessBuilder builder = new ProcessBuilder(new ArrayList<>(command))
                .redirectErrorStream(true)
                .redirectOutput(work.resolve("output.txt").toFile());
        builder.environment().putAll(environment);
        Process process = builder.start();
        if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError(command + " did not finish within " + TIMEOUT_SECONDS + " s");
        }
        return new Result(process.exitValue(), Files.readString(work.resolve("output.txt")));
    }

    /** verify-rollout.sh sends its requests with curl; a missing curl fails here rather than skipping (.ci/run installs it). */
    private static void requireCurl() {
        assertThat(onPath("curl"))
                .as("curl is not on the PATH: apt-get install curl")
                .isTrue();
    }

    private static boolean onPath(String program) {
        for (String directory : System.getenv("PATH").split(":")) {
            if (Files.isExecutable(Path.of(directory, program))) {
                return true;
            }
        }
        return false;
    }

    private static Path script() {
        return Repository.module().resolve("verify-rollout.sh");
    }

    private record Result(int exitCode, String output) {}
}
