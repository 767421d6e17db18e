package io.quiesce.testkit.registry;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A service registry on a loopback port that speaks the part of two real APIs a registering service and its clients use:
 * Consul's agent ({@code PUT /v1/agent/service/register}, {@code PUT /v1/agent/service/deregister/<id>},
 * {@code GET /v1/agent/services}) and Eureka's REST API ({@code POST /eureka/apps/<app>},
 * {@code PUT /eureka/apps/<app>/<id>/status?value=...}, {@code DELETE /eureka/apps/<app>/<id>},
 * {@code GET /eureka/apps/<app>}). Like a Eureka server, client reads are served from a response cache refreshed every
 * {@code cacheRefresh}: the propagation delay a registry's clients see. Every call is recorded.
 */
public final class LoopbackRegistry implements AutoCloseable {

    /** One call as received; {@code nanos} from {@link System#nanoTime()}. */
    public record Call(String method, String path, String query, Optional<String> consulToken, long nanos) {}

    /** One registered instance; Consul services and Eureka instances alike. */
    public record Instance(String app, String id, String host, int port, String status) {}

    private final HttpServer server;
    private final ExecutorService executor = Executors.newFixedThreadPool(2, task -> {
        Thread thread = new Thread(task, "loopback-registry");
        thread.setDaemon(true);
        return thread;
    });
    private final Duration cacheRefresh;
    private final List<Call> calls = new ArrayList<>();
    private final Map<String, Instance> consul = new LinkedHashMap<>();
    private final Map<String, Instance> eureka = new LinkedHashMap<>();
    private Map<String, String> eurekaCache = Map.of();
    private long cacheBuilt;

    private LoopbackRegistry(Duration cacheRefresh) throws IOException {
        this.cacheRefresh = cacheRefresh;
        this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
        server.createContext("/", this::handle);
        server.setExecutor(executor);
    }

    public static LoopbackRegistry start(Duration cacheRefresh) throws IOException {
        LoopbackRegistry registry = new LoopbackRegistry(cacheRefresh);
        registry.server.start();
        return registry;
    }

    public String consulUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    public String eurekaUrl() {
        return consulUrl() + "/eureka";
    }

    public synchronized List<Call> calls() {
        return List.copyOf(calls);
    }

    public synchronized Optional<Instance> consulService(String id) {
        return Optional.ofNullable(consul.get(id));
    }

    public synchronized Optional<Instance> eurekaInstance(String app, String id) {
        return Optional.ofNullable(eureka.get(app + "/" + id));
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String method = exchange.getRequestMethod();
            String path = exchange.getRequestURI().getRawPath();
            String query =
                    Optional.ofNullable(exchange.getRequestURI().getRawQuery()).orElse("");
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            String[] segments = path.substring(1).split("/");
            for (int i = 0; i < segments.length; i++) {
                segments[i] = URLDecoder.decode(segments[i], StandardCharsets.UTF_8);
            }
            int status;
            String answer = "";
            synchronized (this) {
                calls.add(new Call(
                        method,
                        path,
                        query,
                        Optional.ofNullable(exchange.getRequestHeaders().getFirst("X-Consul-Token")),
                        System.nanoTime()));
                if (path.equals("/v1/agent/service/register") && method.equals("PUT")) {
                    Instance instance = new Instance(
                            field(body, "Name"), field(body, "ID"), field(body, "Address"), number(body, "Port"), "UP");
                    consul.put(instance.id(), instance);
                    status = 200;
                } else if (path.startsWith("/v1/agent/service/deregister/") && method.equals("PUT")) {
                    status = consul.remove(segments[4]) != null ? 200 : 404;
                } else if (path.equals("/v1/agent/services") && method.equals("GET")) {
                    StringBuilder json = new StringBuilder("{");
                    consul.values()
                            .forEach(i -> json.append(json.length() > 1 ? "," : "")
                                    .append(String.format(
                                            "\"%s\":{\"ID\":\"%s\",\"Service\":\"%s\",\"Address\":\"%s\",\"Port\":%d}",
                                            i.id(), i.id(), i.app(), i.host(), i.port())));
                    answer = json.append('}').toString();
                    status = 200;
                } else if (segments.length >= 3 && segments[0].equals("eureka") && segments[1].equals("apps")) {
                    String app = segments[2];
                    if (segments.length == 3 && method.equals("POST")) {
                        Instance instance = new Instance(
                                app,
                                field(body, "instanceId"),
                                field(body, "hostName"),
                                number(body, "$"),
                                field(body, "status"));
                        eureka.put(app + "/" + instance.id(), instance);
                        status = 204;
                    } else if (segments.length == 3 && method.equals("GET")) {
                        answer = cached(app);
                        status = answer == null ? 404 : 200;
                    } else if (segments.length == 4 && method.equals("DELETE")) {
                        status = eureka.remove(app + "/" + segments[3]) != null ? 200 : 404;
                    } else if (segments.length == 5 && segments[4].equals("status") && method.equals("PUT")) {
                        Instance instance = eureka.get(app + "/" + segments[3]);
                        String value = query.startsWith("value=") ? query.substring(6) : "";
                        if (instance == null || value.isEmpty()) {
                            status = instance == null ? 404 : 400;
                        } else {
                            eureka.put(
                                    app + "/" + instance.id(),
                                    new Instance(app, instance.id(), instance.host(), instance.port(), value));
                            status = 200;
                        }
                    } else {
                        status = 405;
                    }
                } else {
                    status = 404;
                }
            }
            byte[] bytes = answer == null ? new byte[0] : answer.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
            if (bytes.length > 0) {
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(bytes);
                }
            }
        }
    }

    /** Eureka's read-only response cache: what clients see lags the registry by up to {@code cacheRefresh}. */
    private String cached(String app) {
        long now = System.nanoTime();
        if (cacheBuilt == 0 || now - cacheBuilt >= cacheRefresh.toNanos()) {
            Map<String, String> apps = new LinkedHashMap<>();
            for (Instance i : eureka.values()) {
                String entry = String.format(
                        "{\"instanceId\":\"%s\",\"hostName\":\"%s\",\"app\":\"%s\",\"status\":\"%s\",\"port\":{\"$\":%d,"
                                + "\"@enabled\":\"true\"}}",
                        i.id(), i.host(), i.app(), i.status(), i.port());
                apps.merge(i.app(), entry, (a, b) -> a + "," + b);
            }
            Map<String, String> rendered = new LinkedHashMap<>();
            apps.forEach((name, instances) -> rendered.put(
                    name, "{\"application\":{\"name\":\"" + name + "\",\"instance\":[" + instances + "]}}"));
            eurekaCache = rendered;
            cacheBuilt = now;
        }
        return eurekaCache.get(app);
    }

    private static String field(String json, String name) {
        Matcher m = Pattern.compile("\"" + Pattern.quote(name) + "\"\\s*:\\s*\"([^\"]*)\"")
                .matcher(json);
        return m.find() ? m.group(1) : "";
    }

    private static int number(String json, String name) {
        Matcher m = Pattern.compile("\"" + Pattern.quote(name) + "\"\\s*:\\s*\"?(\\d+)")
                .matcher(json);
        return m.find() ? Integer.parseInt(m.group(1)) : 0;
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
