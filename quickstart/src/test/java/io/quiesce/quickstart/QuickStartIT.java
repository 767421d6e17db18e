package io.quiesce.quickstart;

import static org.assertj.core.api.Assertions.assertThat;

import io.quiesce.testkit.Directories;
import io.quiesce.testkit.Poll;
import io.quiesce.testkit.Ready;
import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The README's quick start as a new user runs it on a fresh machine: its marked blocks, as written, on a clean copy of
 * the checkout whose local Maven repository has everything but the project's own artifacts (the state in which the
 * token and launcher commands once failed with "Could not find artifact io.quiesce:...").
 */
class QuickStartIT {

    private static final int HTTP_PORT = 9080;
    private static final int POSTGRES_PORT = 15432;
    private static final int TEMPORAL_PORT = 17233;
    private static final Duration RUN_TO_READY = Duration.ofMinutes(10);

    private final Path checkoutRoot = Path.of(System.getProperty("quiesce.quickstart.checkout"))
            .toAbsolutePath()
            .normalize();
    private final Path work = Path.of(System.getProperty("quiesce.quickstart.work"));
    private final List<Process> started = new ArrayList<>();
    private Path checkout;
    private Path repository;

    @AfterEach
    void stopWhatIsLeft() throws InterruptedException {
        for (Process process : started) {
            stop(process, Duration.ofSeconds(30));
        }
    }

    @Test
    void theQuickStartWorksOnACleanCopyWithoutTheProjectsArtifacts() throws Exception {
        Map<String, String> blocks = ReadmeBlocks.read(checkoutRoot.resolve("README.md"));
        assertThat(blocks)
                .as("the README's quickstart: blocks")
                .containsKeys("run", "token-post", "sigterm", "traces", "launcher", "dev");
        for (int port : new int[] {HTTP_PORT, POSTGRES_PORT, TEMPORAL_PORT}) {
            assertThat(listening(port))
                    .as("port " + port + " is free: the quick start needs it (another build running? "
                            + "wrap builds in flock /tmp/quiesce-ports.lock)")
                    .isFalse();
        }
        long begin = System.nanoTime();
        checkout = CleanCopy.checkout(checkoutRoot, work.resolve("checkout"));
        repository = CleanCopy.repositoryWithoutProject(
                Path.of(System.getProperty("quiesce.quickstart.local-repository")), work.resolve("repository"));
        assertThat(repository.resolve("io/quiesce")).doesNotExist();
        Duration copied = since(begin);

        Process run = bash("run", blocks.get("run"));
        awaitReady(run, "run");
        Duration ready = since(begin);

        // One shell, as the reader's second terminal: the sigterm block uses the token-post block's $TOKEN.
        Process demo = bash("demo", blocks.get("token-post") + blocks.get("sigterm") + "wait\n");
        assertThat(demo.waitFor(5, TimeUnit.MINUTES))
                .as("the token, POST and SIGTERM blocks finished")
                .isTrue();
        String output = Files.readString(log("demo"));
        assertThat(demo.exitValue())
                .as("the token, POST and SIGTERM blocks' exit code; output: " + output)
                .isZero();
        assertThat(output)
                .as("the POST's answer")
                .contains("HTTP/1.1 202")
                .contains("Location: http://localhost:9080/api/instances/");
        assertThat(output).as("the long request survived SIGTERM").contains("\"requestedSeconds\":15");
        assertThat(run.waitFor(2, TimeUnit.MINUTES))
                .as("the run command ended after SIGTERM")
                .isTrue();
        assertThat(run.exitValue())
                .as("the run command's exit code; its log: " + tail("run"))
                .isZero();
        Duration stopped = since(begin);

        // What the run exported to the dev services' receiver, read back by the README's printer: that shutdown and
        // that POST.
        Process traces = bash("traces", blocks.get("traces"));
        assertThat(traces.waitFor(5, TimeUnit.MINUTES))
                .as("the traces block finished")
                .isTrue();
        String printed = Files.readString(log("traces"));
        assertThat(traces.exitValue())
                .as("the traces block's exit code; output: " + printed)
                .isZero();
        assertThat(printed)
                .as("the printed trees")
                .contains("Last shutdown")
                .containsPattern("(?m)^shutdown +\\d")
                .contains("shutdown.http-drain")
                .contains("Last instance")
                .containsPattern("(?m)^POST /api/instances +\\d")
                .contains("StartWorkflow:report")
                .contains("RunActivity:report.RunStep");

        Process launcher = bash("launcher", blocks.get("launcher"));
        Poll.untilTrue(
                "the launcher's PostgreSQL and Temporal ports to answer (see " + log("launcher") + ")",
                Duration.ofMinutes(5),
                () -> {
                    assertThat(launcher.isAlive())
                            .as("the launcher is still running; its log: " + tail("launcher"))
                            .isTrue();
                    return listening(POSTGRES_PORT) && listening(TEMPORAL_PORT);
                });
        stop(launcher, Duration.ofSeconds(60));
        Poll.untilTrue(
                "the launcher's ports to close after it stopped",
                Duration.ofSeconds(30),
                () -> !listening(POSTGRES_PORT) && !listening(TEMPORAL_PORT));
        Duration launched = since(begin);

        // Dev mode as a developer uses it: its own dev services, a changed class redeployed, then `q` stops it all.
        Process dev = bash("dev", blocks.get("dev"), ProcessBuilder.Redirect.PIPE);
        awaitReady(dev, "dev");
        assertThat(logText("dev"))
                .as("the dev block runs Liberty's dev mode")
                .contains("Liberty is running in dev mode");
        Path changed = checkout.resolve("api/src/main/java/io/quiesce/api/demo/DemoResource.java");
        Files.writeString(changed, Files.readString(changed) + "\n// changed while dev mode runs\n");
        Poll.untilTrue(
                "dev mode to redeploy the changed class (CWWKZ0003I in " + log("dev") + ")",
                Duration.ofMinutes(3),
                () -> {
                    assertThat(dev.isAlive())
                            .as("dev mode is still running; its log: " + tail("dev"))
                            .isTrue();
                    return logText("dev").contains("CWWKZ0003I: The application quiesce updated");
                });
        awaitReady(dev, "dev");
        try (OutputStream keys = dev.getOutputStream()) {
            keys.write("q\n".getBytes(StandardCharsets.UTF_8));
        }
        assertThat(dev.waitFor(3, TimeUnit.MINUTES))
                .as("dev mode ended after q")
                .isTrue();
        assertThat(dev.exitValue())
                .as("the dev command's exit code; its log: " + tail("dev"))
                .isZero();
        Poll.untilTrue(
                "the server's and the dev services' ports to close after q",
                Duration.ofSeconds(30),
                () -> !listening(HTTP_PORT) && !listening(POSTGRES_PORT) && !listening(TEMPORAL_PORT));

        // The copies take ~0.5 GB (the repository's large files are only links); the logs stay for a look.
        Directories.deleteRecursively(checkout);
        Directories.deleteRecursively(repository);
        System.out.printf(
                "QuickStartIT: clean copy %d s, run command ready %d s, token + POST + SIGTERM + exit %d s, "
                        + "traces + launcher %d s, dev mode %d s, total %d s%n",
                copied.toSeconds(),
                ready.minus(copied).toSeconds(),
                stopped.minus(ready).toSeconds(),
                launched.minus(stopped).toSeconds(),
                since(begin).minus(launched).toSeconds(),
                since(begin).toSeconds());
    }

    private void awaitReady(Process command, String name) {
        Ready.await(
                "the " + name + " command (see " + log(name) + ")",
                HTTP_PORT,
                RUN_TO_READY,
                command::isAlive,
                () -> tail(name));
    }

    /** A README block in bash, as a reader pastes it (errors stop it); no stdin, as in CI. */
    private Process bash(String name, String script) throws IOException {
        return bash(name, script, ProcessBuilder.Redirect.from(new File("/dev/null")));
    }

    /** The same with the given stdin: a pipe for a block that a reader types keys into. */
    private Process bash(String name, String script, ProcessBuilder.Redirect input) throws IOException {
        ProcessBuilder builder = new ProcessBuilder("bash", "-e", "-o", "pipefail", "-c", script)
                .directory(checkout.toFile())
                .redirectInput(input)
                .redirectErrorStream(true)
                .redirectOutput(log(name).toFile());
        Map<String, String> env = builder.environment();
        // This build's Maven variables (project base directory, arguments) must not leak into the reader's commands.
        env.keySet().removeIf(key -> key.startsWith("MAVEN_") || key.startsWith("MVNW_"));
        env.put("MAVEN_OPTS", "-Dmaven.repo.local=" + repository);
        Process process = builder.start();
        started.add(process);
        return process;
    }

    private Path log(String name) {
        return work.resolve(name + ".log");
    }

    private String logText(String name) {
        try {
            return Files.readString(log(name));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private String tail(String name) {
        try {
            List<String> lines = Files.readAllLines(log(name));
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    /** SIGTERM to the process and everything it started (Maven, its forked JVMs), SIGKILL for what outlives the bound. */
    private static void stop(Process process, Duration timeout) throws InterruptedException {
        List<ProcessHandle> tree = new ArrayList<>(process.descendants().toList());
        tree.add(process.toHandle());
        tree.forEach(ProcessHandle::destroy);
        long deadline = System.nanoTime() + timeout.toNanos();
        for (ProcessHandle handle : tree) {
            long left = deadline - System.nanoTime();
            try {
                handle.onExit().get(Math.max(left, 0), TimeUnit.NANOSECONDS);
            } catch (Exception e) {
                handle.destroyForcibly();
            }
        }
    }

    private static boolean listening(int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 500);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static Duration since(long nanos) {
        return Duration.ofNanos(System.nanoTime() - nanos);
    }
}
