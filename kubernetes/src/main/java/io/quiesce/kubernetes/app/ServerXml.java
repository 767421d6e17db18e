package io.quiesce.kubernetes.app;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;
import org.xml.sax.SAXException;

/**
 * What the deployment and the image must agree with in {@code liberty/server.xml}, read with its relative
 * {@code <include>}s as Liberty reads them (a missing optional include is skipped).
 */
public final class ServerXml {

    public static final String HTTP_PORT_VARIABLE = "http.port";
    private static final String SERVER_CONFIG_DIR = "${server.config.dir}/";
    /** Fixed by MicroProfile Health: served at the server root whatever the application's context root. */
    public static final String STARTED_PATH = "/health/started";

    public static final String READY_PATH = "/health/ready";
    public static final String LIVE_PATH = "/health/live";

    private final List<Document> documents = new ArrayList<>();
    private final List<String> includes = new ArrayList<>();
    private final Path file;

    private ServerXml(Path file) {
        this.file = file;
    }

    public static ServerXml read(Path serverXml) {
        ServerXml server = new ServerXml(serverXml);
        server.load(serverXml, "");
        return server;
    }

    /** Locations of the included files that exist, relative to server.xml: the image must ship them next to it. */
    public List<String> includes() {
        return List.copyOf(includes);
    }

    private void load(Path xml, String relativeDirectory) {
        Document document = parse(xml);
        documents.add(document);
        NodeList nodes = document.getElementsByTagName("include");
        for (int i = 0; i < nodes.getLength(); i++) {
            Element include = (Element) nodes.item(i);
            String location = include.getAttribute("location");
            if (location.startsWith(SERVER_CONFIG_DIR) && relativeDirectory.isEmpty()) {
                location = location.substring(SERVER_CONFIG_DIR.length());
            }
            if (location.contains("://") || location.startsWith("/") || location.startsWith("$")) {
                throw new IllegalArgumentException(
                        xml + ": include " + location + " is not a relative path; not modelled");
            }
            boolean optional = Boolean.parseBoolean(include.getAttribute("optional"));
            List<String> candidates = candidates(xml, location);
            if (candidates.isEmpty() && !optional) {
                throw new IllegalArgumentException(xml + ": included file " + location + " does not exist");
            }
            for (String candidate : candidates) {
                String relative = relativeDirectory + candidate;
                includes.add(relative);
                load(
                        xml.resolveSibling(candidate),
                        relative.contains("/") ? relative.substring(0, relative.lastIndexOf('/') + 1) : "");
            }
        }
    }

    /**
     * The existing files a location can name: itself, or for one whose file name holds a variable (e.g.
     * {@code logging-${quiesce.log.format}.xml}) every file the variable's values could select, since the image
     * must ship each of them.
     */
    private static List<String> candidates(Path xml, String location) {
        if (!location.contains("${")) {
            return Files.isRegularFile(xml.resolveSibling(location)) ? List.of(location) : List.of();
        }
        int slash = location.lastIndexOf('/');
        String directory = slash < 0 ? "" : location.substring(0, slash + 1);
        if (directory.contains("${")) {
            throw new IllegalArgumentException(
                    xml + ": include " + location + " has a variable directory; not modelled");
        }
        String pattern = location.substring(slash + 1).replaceAll("\\$\\{[^}]*}", "*");
        List<String> found = new ArrayList<>();
        try (var files = Files.newDirectoryStream(xml.resolveSibling(directory.isEmpty() ? "." : directory), pattern)) {
            files.forEach(f -> found.add(directory + f.getFileName()));
        } catch (IOException e) {
            throw new IllegalArgumentException(xml + ": include " + location + ": " + e.getMessage(), e);
        }
        found.sort(null);
        return found;
    }

    private static Document parse(Path xml) {
        try {
            DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
            factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            return factory.newDocumentBuilder().parse(xml.toFile());
        } catch (ParserConfigurationException | SAXException | IOException e) {
            throw new IllegalArgumentException(xml + ": " + e.getMessage(), e);
        }
    }

    public int httpPort(Map<String, String> environment) {
        String value =
                EnvironmentMapping.lookup(environment, HTTP_PORT_VARIABLE).orElseGet(this::httpPortDefault);
        return Integer.parseInt(value.trim());
    }

    public String httpPortDefault() {
        return variable(HTTP_PORT_VARIABLE)
                .map(v -> v.getAttribute("defaultValue"))
                .filter(v -> !v.isEmpty())
                .orElseThrow(
                        () -> new IllegalStateException(file + ": no <variable name=\"http.port\" defaultValue=...>"));
    }

    /** Variables set with {@code value}: those outrank the environment ({@code defaultValue} ones rank below it). */
    public List<String> valueVariableNames() {
        List<String> names = new ArrayList<>();
        elements("variable").stream()
                .filter(v -> v.hasAttribute("value"))
                .forEach(v -> names.add(v.getAttribute("name")));
        return names;
    }

    public List<String> healthPaths() {
        boolean mpHealth = elements("feature").stream()
                .anyMatch(f -> f.getTextContent().trim().startsWith("mpHealth-"));
        return mpHealth ? List.of(STARTED_PATH, READY_PATH, LIVE_PATH) : List.of();
    }

    public boolean autoExpand() {
        return elements("applicationManager").stream()
                .anyMatch(e -> Boolean.parseBoolean(e.getAttribute("autoExpand")));
    }

    public String expandLocation() {
        return elements("applicationManager").stream()
                .map(e -> e.getAttribute("expandLocation"))
                .filter(l -> !l.isEmpty())
                .findFirst()
                .orElse(DEFAULT_EXPAND_LOCATION);
    }

    /** The directories of every {@code <library>}'s filesets, unresolved (e.g. {@code ${shared.resource.dir}/postgresql}). */
    public List<String> libraryDirectories() {
        List<String> directories = new ArrayList<>();
        for (Element library : elements("library")) {
            NodeList filesets = library.getElementsByTagName("fileset");
            for (int i = 0; i < filesets.getLength(); i++) {
                directories.add(((Element) filesets.item(i)).getAttribute("dir"));
            }
        }
        return directories;
    }

    /** The {@code location} of the webApplication, relative to the server's {@code apps/} directory. */
    public Optional<String> webApplicationLocation() {
        return elements("webApplication").stream()
                .map(e -> e.getAttribute("location"))
                .filter(l -> !l.isEmpty())
                .findFirst();
    }

    static final String DEFAULT_EXPAND_LOCATION = "${server.config.dir}/apps/expanded/";

    private Optional<Element> variable(String name) {
        return elements("variable").stream()
                .filter(v -> name.equals(v.getAttribute("name")))
                .findFirst();
    }

    private List<Element> elements(String tag) {
        List<Element> elements = new ArrayList<>();
        for (Document document : documents) {
            NodeList nodes = document.getElementsByTagName(tag);
            for (int i = 0; i < nodes.getLength(); i++) {
                elements.add((Element) nodes.item(i));
            }
        }
        return elements;
    }
}
