package io.quiesce.kubernetes.invariant;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quiesce.kubernetes.app.ServerXml;
import io.quiesce.kubernetes.container.Containerfile;
import io.quiesce.kubernetes.container.ImageLayout;
import io.quiesce.kubernetes.container.ImageReference;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The image invariants the shutdown design relies on: a reproducible base, the JVM as PID 1 receiving SIGTERM itself
 * (an intermediate shell would take the signal, or delay it), a non-root user, and the server configuration, WAR and
 * port that liberty/server.xml declares.
 */
public final class ContainerfileChecks {

    public static final String BASE_IMAGE = "base-image-pinned";
    public static final String EXEC_FORM = "exec-form";
    public static final String STOP_SIGNAL = "stop-signal";
    public static final String USER = "non-root-user";
    public static final String SERVER_XML = "server-xml";
    public static final String WAR = "war";
    public static final String LIBRARIES = "libraries";
    public static final String EXPOSE = "expose";
    public static final String KEYSTORE = "default-keystore";

    /** Every invariant id; each has a broken fixture proving it can fail. */
    public static final List<String> INVARIANTS =
            List.of(BASE_IMAGE, EXEC_FORM, STOP_SIGNAL, USER, SERVER_XML, WAR, LIBRARIES, EXPOSE, KEYSTORE);

    private static final String DEFAULT_KEYSTORE = "keyStore id=\"defaultKeyStore\"";

    private static final String SHARED_RESOURCES = "${shared.resource.dir}";

    static final String WAR_SOURCE = "server/target/quiesce.war";
    private static final String SOURCE = "Containerfile";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final List<Violation> violations = new ArrayList<>();
    private final Containerfile containerfile;
    private final Containerfile.Stage image;
    private final ServerXml server;

    private ContainerfileChecks(Containerfile containerfile, ServerXml server) {
        this.containerfile = containerfile;
        this.image = containerfile.finalStage();
        this.server = server;
    }

    public static List<Violation> check(Containerfile containerfile, ServerXml server) {
        ContainerfileChecks checks = new ContainerfileChecks(containerfile, server);
        checks.baseImages();
        List<String> command = checks.command();
        checks.stopSignal();
        checks.user();
        checks.serverConfiguration(command);
        checks.war();
        checks.libraries();
        checks.expose();
        checks.keyStore();
        return List.copyOf(checks.violations);
    }

    private void baseImages() {
        Set<String> stageNames = new HashSet<>();
        for (Containerfile.Stage stage : containerfile.stages()) {
            String base = stage.baseImage();
            if (base.contains("$")) {
                fail(BASE_IMAGE, stage.line(), "FROM " + base + " uses a build argument; pin the image literally");
            } else if (!stageNames.contains(base)) {
                ImageReference.parse(base)
                        .notPinnedBecause()
                        .ifPresent(reason -> fail(BASE_IMAGE, stage.line(), "FROM " + base + " " + reason));
            }
            stage.name().ifPresent(stageNames::add);
        }
    }

    /** ENTRYPOINT then CMD when in exec form and starting java, else empty (and reported). */
    private List<String> command() {
        Optional<Containerfile.Instruction> entrypoint = image.last("ENTRYPOINT");
        Optional<Containerfile.Instruction> cmd = image.last("CMD");
        if (entrypoint.isEmpty() && cmd.isEmpty()) {
            fail(EXEC_FORM, image.line(), "the final stage has no ENTRYPOINT or CMD (the base image's would run)");
            return List.of();
        }
        List<String> command = new ArrayList<>();
        for (Containerfile.Instruction instruction :
                List.of(entrypoint, cmd).stream().flatMap(Optional::stream).toList()) {
            if (!instruction.isExecForm()) {
                fail(
                        EXEC_FORM,
                        instruction.line(),
                        instruction.keyword() + " is in shell form: /bin/sh -c would be PID 1 "
                                + "and receive SIGTERM instead of the JVM; use the JSON array form");
                return List.of();
            }
            command.addAll(jsonArray(instruction));
        }
        String program =
                command.isEmpty() ? "" : command.get(0).substring(command.get(0).lastIndexOf('/') + 1);
        if (!program.equals("java")) {
            fail(
                    EXEC_FORM,
                    entrypoint.or(() -> cmd).get().line(),
                    "the container starts " + command.get(0)
                            + ", not the JVM: a script or shell in between is PID 1 and must forward SIGTERM; launch java directly");
            return List.of();
        }
        return command;
    }

    private void stopSignal() {
        Optional<Containerfile.Instruction> signal = image.last("STOPSIGNAL");
        if (signal.isEmpty()) {
            fail(STOP_SIGNAL, image.line(), "no STOPSIGNAL: state SIGTERM, the signal the shutdown handler intercepts");
        } else if (!Set.of("SIGTERM", "15", "TERM").contains(signal.get().arguments())) {
            fail(
                    STOP_SIGNAL,
                    signal.get().line(),
                    "STOPSIGNAL " + signal.get().arguments()
                            + ": the app intercepts SIGTERM, and the container runtime sends the image's STOPSIGNAL on pod deletion");
        }
    }

    private void user() {
        Optional<Containerfile.Instruction> user = image.last("USER");
        if (user.isEmpty()) {
            fail(USER, image.line(), "no USER: the image would run as root");
            return;
        }
        String uid = user.get().arguments().split(":")[0];
        if (!uid.matches("\\d+")) {
            fail(
                    USER,
                    user.get().line(),
                    "USER " + user.get().arguments()
                            + " is a name: Kubernetes' runAsNonRoot can only verify a numeric uid");
        } else if (Long.parseLong(uid) == 0) {
            fail(USER, user.get().line(), "USER " + user.get().arguments() + " is root");
        }
    }

    private void serverConfiguration(List<String> command) {
        Optional<String> directory = ImageLayout.serverConfigDirectory(image);
        if (directory.isEmpty()) {
            fail(
                    SERVER_XML,
                    image.line(),
                    "the final stage does not COPY " + ImageLayout.SERVER_XML_SOURCE
                            + " (from the build context) into the server's directory");
            return;
        }
        for (String include : server.includes()) {
            boolean copied = image.all("COPY").stream()
                    .map(ImageLayout::copyWords)
                    .anyMatch(words -> words.size() >= 2
                            && words.subList(0, words.size() - 1).contains("liberty/" + include)
                            && copiedTo(words.get(words.size() - 1), directory.get(), include));
            if (!copied) {
                fail(
                        SERVER_XML,
                        image.line(),
                        "server.xml includes " + include + " but the image does not copy liberty/" + include
                                + " next to it (" + directory.get() + "/" + include + ")");
            }
        }
        String serverName = directory.get().substring(directory.get().lastIndexOf('/') + 1);
        if (!command.isEmpty() && !command.get(command.size() - 1).equals(serverName)) {
            fail(
                    SERVER_XML,
                    image.line(),
                    "the container starts server " + command.get(command.size() - 1) + " but server.xml is copied to "
                            + directory.get());
        }
    }

    private static boolean copiedTo(String destination, String directory, String include) {
        return destination.equals(directory + "/")
                || destination.equals(directory + "/" + include)
                || !include.contains("/") && destination.equals(directory + "/" + include);
    }

    private void war() {
        Optional<String> directory = ImageLayout.serverConfigDirectory(image);
        if (directory.isEmpty()) {
            return; // reported as server-xml
        }
        String location = server.webApplicationLocation().orElse("?");
        String expected = directory.get() + "/apps/" + location;
        boolean copied = image.all("COPY").stream()
                .map(ImageLayout::copyWords)
                .anyMatch(words -> words.size() == 2
                        && words.get(0).equals(WAR_SOURCE)
                        && words.get(1).equals(expected));
        if (!copied) {
            fail(
                    WAR,
                    image.line(),
                    "no COPY " + WAR_SOURCE + " " + expected + " (server.xml's webApplication location is " + location
                            + ")");
        }
    }

    /** Without its libraries (the JDBC driver, third-party jars) the DataSource or the application cannot start. */
    private void libraries() {
        Optional<String> directory = ImageLayout.serverConfigDirectory(image);
        if (directory.isEmpty()) {
            return; // reported as server-xml
        }
        String usr = directory.get().substring(0, directory.get().lastIndexOf("/servers/"));
        for (String library : server.libraryDirectories()) {
            if (!library.startsWith(SHARED_RESOURCES + "/")) {
                fail(
                        LIBRARIES,
                        image.line(),
                        "library directory " + library + " is not below " + SHARED_RESOURCES
                                + ": not modelled, so the image cannot be checked for it");
                continue;
            }
            String expected = usr + "/shared/resources" + library.substring(SHARED_RESOURCES.length());
            boolean copied = image.all("COPY").stream()
                    .map(ImageLayout::copyWords)
                    .anyMatch(words -> words.size() >= 2
                            && trimSlash(words.get(words.size() - 1)).equals(expected));
            if (!copied) {
                fail(
                        LIBRARIES,
                        image.line(),
                        "server.xml's library " + library + " is not copied into the image (" + expected + "/)");
            }
        }
    }

    private static String trimSlash(String path) {
        return path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
    }

    private void expose() {
        String port = server.httpPortDefault();
        List<String> exposed = image.all("EXPOSE").stream()
                .flatMap(e -> List.of(e.arguments().split("\\s+")).stream())
                .map(p -> p.replace("/tcp", ""))
                .toList();
        if (!exposed.equals(List.of(port))) {
            fail(
                    EXPOSE,
                    image.line(),
                    "EXPOSE " + exposed + " but Liberty listens on " + port
                            + " (liberty/server.xml http.port) and on nothing else");
        }
    }

    /**
     * Liberty creates its default keystore only with a password, which {@code server create} writes to server.env: an
     * image that starts the JVM directly reads no server.env, and without the keystore mpJwt never activates (every
     * token is refused with 401, while the health checks stay UP).
     */
    private void keyStore() {
        if (!server.needsDefaultKeyStore() || server.definesDefaultKeyStore()) {
            return;
        }
        boolean written = image.all("RUN").stream()
                .map(Containerfile.Instruction::arguments)
                .anyMatch(run -> run.contains("configDropins/") && run.contains(DEFAULT_KEYSTORE));
        if (!written) {
            fail(
                    KEYSTORE,
                    image.line(),
                    "server.xml enables mpJwt but neither it nor a configDropins file the image writes "
                            + "defines <" + DEFAULT_KEYSTORE
                            + " password=...>: with no server.env read, Liberty creates no default "
                            + "keystore and every token gets 401");
        }
    }

    private static List<String> jsonArray(Containerfile.Instruction instruction) {
        try {
            return JSON.readValue(instruction.arguments(), new TypeReference<List<String>>() {});
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(
                    "line " + instruction.line() + ": not a JSON array: " + instruction.arguments(), e);
        }
    }

    private void fail(String invariant, int line, String message) {
        violations.add(new Violation(invariant, SOURCE + ":" + line, message));
    }
}
