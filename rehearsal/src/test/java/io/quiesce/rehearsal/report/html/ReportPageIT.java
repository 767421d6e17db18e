package io.quiesce.rehearsal.report.html;

import static org.assertj.core.api.Assertions.assertThat;

import io.quiesce.rehearsal.Rehearsal;
import io.quiesce.rehearsal.report.RunReport;
import io.quiesce.testkit.Directories;
import io.quiesce.testkit.Executables;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code report.html} as a person sees it: a recorded {@code report.json} rendered again and opened in headless
 * Chromium, which must run the page's script to its end without an error, and draw a lane per pod and the losses on the
 * pods they hit. The screenshot stays in {@code target/report-page/}. The report is a real rehearsal's (2 replacements
 * at 20 requests/s, preStop 0, no application delay, a 1 s drain, on a busy 2-core machine): 503s from the concurrency
 * limit while a neighbour started, six of them on quiesce-2 right after its SIGTERM, five missed schedule fires and a
 * watcher refused its stream.
 */
class ReportPageIT {

    static final String MISSING = "chromium not found on the PATH: the report page is tested in headless Chromium."
            + " Install it (apt-get install chromium; .ci/run installs it)";
    private static final Pattern LANE = Pattern.compile("<g class=\"lane\" data-pod=\"([^\"]+)\"");
    private static final Pattern MARKER =
            Pattern.compile("<g class=\"marker\" data-pod=\"([^\"]+)\" data-kind=\"([^\"]+)\"");

    private static Path dir;
    private static Path page;
    private static RunReport report;

    @BeforeAll
    static void render() throws IOException {
        dir = Path.of("target", "report-page").toAbsolutePath();
        Directories.deleteRecursively(dir);
        Files.createDirectories(dir);
        Files.copy(PageModelTest.FIXTURE, dir.resolve("report.json"));
        page = Rehearsal.rerender(dir.resolve("report.json"));
        report = Rehearsal.read(dir.resolve("report.json"));
    }

    @Test
    void chromiumRunsThePageScriptAndShowsLanesAndMarkers() throws Exception {
        Chromium.Result dom = chromium().run(dir, "--dump-dom", page.toUri().toString());

        assertThat(dom.stdout())
                .as("the page's script ran to its end:\n%s", dom.stderr())
                .contains("data-rendered=\"ok\"");
        assertThat(dom.consoleErrors()).as("script errors on the console").isEmpty();
        assertThat(all(LANE, dom.stdout(), 1))
                .as("a lane per pod, and one for the missed schedule fires")
                .containsExactlyElementsOf(Stream.concat(
                                report.pods().stream().map(RunReport.PodResult::name), Stream.of(PageModel.SCHEDULE))
                        .toList());
        List<String> markers = all(MARKER, dom.stdout(), 0);
        assertThat(markers.stream().map(m -> MARKER.matcher(m).replaceAll("$2")))
                .as("the markers' kinds")
                .containsOnly("non-2xx", "fire missed");
        assertThat(markers.stream()
                        .filter(m -> m.endsWith("data-kind=\"non-2xx\""))
                        .map(m -> MARKER.matcher(m).replaceAll("$1")))
                .as("the failed requests' markers, on the pods they hit")
                .containsOnlyElementsOf(report.requests().failuresByPod().keySet())
                .containsAll(report.requests().failuresByPod().keySet());
        assertThat(markers.stream().filter(m -> m.endsWith("data-kind=\"fire missed\"")))
                .as("a marker per missed fire, on the schedule lane")
                .hasSize(report.schedule().missed().size())
                .allSatisfy(m -> assertThat(m).contains("data-pod=\"schedule\""));
        assertThat(dom.stdout())
                .contains("id=\"lost-requests\"")
                .contains("id=\"pods\"")
                .contains("id=\"settings\"");
    }

    @Test
    void theScreenshotIsTaken() throws Exception {
        Path png = dir.resolve("report.png");

        Chromium.Result shot = chromium()
                .run(
                        dir,
                        "--screenshot=" + png,
                        "--window-size=1400,1800",
                        page.toUri().toString());

        assertThat(png).as("the screenshot:\n%s", shot.stderr()).isRegularFile();
        byte[] bytes = Files.readAllBytes(png);
        assertThat(bytes.length).as("a PNG with something drawn on it").isGreaterThan(20_000);
        assertThat(new String(bytes, 1, 3, java.nio.charset.StandardCharsets.US_ASCII))
                .isEqualTo("PNG");
    }

    private static Chromium chromium() {
        return new Chromium(Executables.find("chromium").orElseThrow(() -> new AssertionError(MISSING)));
    }

    private static List<String> all(Pattern pattern, String text, int group) {
        List<String> found = new ArrayList<>();
        Matcher m = pattern.matcher(text);
        while (m.find()) {
            found.add(m.group(group));
        }
        return found;
    }

    /** Headless Chromium, one process per run with a profile of its own, ended with its children if it hangs. */
    record Chromium(Path executable) {

        record Result(String stdout, String stderr) {
            /** What Chromium logs of the page's console at {@code --v=0}: uncaught errors among them. */
            List<String> consoleErrors() {
                return stderr.lines()
                        .filter(l -> l.contains("CONSOLE") || l.contains("Uncaught"))
                        .toList();
            }
        }

        Result run(Path dir, String... args) throws IOException, InterruptedException {
            List<String> command = new ArrayList<>(List.of(
                    executable.toString(),
                    "--headless=new",
                    "--no-sandbox",
                    "--disable-gpu",
                    "--disable-dev-shm-usage",
                    "--no-first-run",
                    "--disable-extensions",
                    "--disable-background-networking",
                    "--enable-logging=stderr",
                    "--v=0",
                    "--user-data-dir=" + dir.resolve("chromium-profile")));
            command.addAll(List.of(args));
            Path out = dir.resolve("chromium.out");
            Path err = dir.resolve("chromium.err");
            Process process = new ProcessBuilder(command)
                    .redirectOutput(out.toFile())
                    .redirectError(err.toFile())
                    .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
                    .start();
            if (!process.waitFor(90, TimeUnit.SECONDS)) {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                throw new AssertionError(
                        "chromium did not finish within 90 s: " + command + "\n" + Files.readString(err));
            }
            Result result = new Result(Files.readString(out), Files.readString(err));
            assertThat(process.exitValue())
                    .as("chromium's exit code: %s\n%s", command, result.stderr())
                    .isZero();
            return result;
        }
    }
}
