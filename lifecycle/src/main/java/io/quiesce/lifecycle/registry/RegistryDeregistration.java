package io.quiesce.lifecycle.registry;

import io.quiesce.lifecycle.log.EventLog;
import io.quiesce.lifecycle.spi.LifecycleParticipant;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Participant {@value #NAME}: leaves the configured registries (Consul's agent, a Eureka server) at the signal, so that
 * their clients stop sending new traffic while the pre-drain delay still serves it; the traffic-aware delay then waits
 * until it has stopped. The calls go out asynchronously from {@link #stopIntake()} and are bounded by
 * {@code quiesce.registry.timeout}; a registry that fails or does not answer is logged and counted, never waited for
 * beyond that, and does not change the exit code: the pod still drains what reaches it.
 */
public final class RegistryDeregistration implements LifecycleParticipant {

    public static final String NAME = "registry";

    /** stop() only collects the answers of calls sent at the signal, bounded by their own timeout. */
    static final Duration BUDGET = Duration.ofSeconds(1);

    private final RegistryConfig config;
    private final EventLog log;
    private final List<Call> calls = new ArrayList<>();

    private record Call(String registry, String target, CompletableFuture<Integer> answer) {}

    public RegistryDeregistration(RegistryConfig config, EventLog log) {
        this.config = config;
        this.log = log;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Duration budget() {
        return BUDGET;
    }

    /**
     * Returns at once: building the HTTP client (and its SSL context) takes a few hundred milliseconds on a cold JVM, so
     * the calls go out from a thread of their own, which exists only from the signal on. Nothing runs at start.
     */
    @Override
    public synchronized void stopIntake() {
        if (!calls.isEmpty()) {
            return;
        }
        List<Runnable> sends = new ArrayList<>();
        HttpClient[] client = new HttpClient[1];
        config.consul().ifPresent(consul -> {
            HttpRequest.Builder request = HttpRequest.newBuilder(
                            URI.create(consul.url() + "/v1/agent/service/deregister/" + encode(consul.serviceId())))
                    .PUT(HttpRequest.BodyPublishers.noBody());
            consul.token().ifPresent(token -> request.header("X-Consul-Token", token));
            Call call = new Call("consul", consul.serviceId(), new CompletableFuture<>());
            calls.add(call);
            sends.add(() -> send(client[0], call, request));
        });
        config.eureka().ifPresent(eureka -> {
            String instance = eureka.url() + "/apps/" + encode(eureka.app()) + "/" + encode(eureka.instanceId());
            HttpRequest.Builder request = eureka.action() == RegistryConfig.EurekaAction.DELETE
                    ? HttpRequest.newBuilder(URI.create(instance)).DELETE()
                    : HttpRequest.newBuilder(URI.create(instance + "/status?value=OUT_OF_SERVICE"))
                            .PUT(HttpRequest.BodyPublishers.noBody());
            Call call = new Call("eureka", eureka.app() + "/" + eureka.instanceId(), new CompletableFuture<>());
            calls.add(call);
            sends.add(() -> send(client[0], call, request));
        });
        Thread sender = new Thread(
                () -> {
                    try {
                        client[0] = HttpClient.newBuilder()
                                .connectTimeout(config.timeout())
                                .followRedirects(HttpClient.Redirect.NEVER)
                                .build();
                        sends.forEach(Runnable::run);
                    } catch (RuntimeException | Error e) {
                        calls.forEach(call -> call.answer().completeExceptionally(e));
                    }
                },
                "quiesce-registry");
        sender.setDaemon(true);
        sender.start();
    }

    private void send(HttpClient client, Call call, HttpRequest.Builder request) {
        long sent = System.nanoTime();
        HttpRequest built = request.timeout(config.timeout()).build();
        client.sendAsync(built, HttpResponse.BodyHandlers.discarding())
                .thenApply(HttpResponse::statusCode)
                .whenComplete((status, failure) -> {
                    Map<String, Object> fields = new LinkedHashMap<>();
                    fields.put("registry", call.registry());
                    fields.put("target", call.target());
                    fields.put("request", built.method() + " " + built.uri().getPath());
                    fields.put("duration_ms", (System.nanoTime() - sent) / 1_000_000);
                    if (failure == null && status >= 200 && status < 300) {
                        fields.put("status", status);
                        log.info("registry.deregistered", fields);
                        call.answer().complete(status);
                    } else {
                        fields.put("error", failure != null ? EventLog.describe(failure) : "answered " + status);
                        fields.put(
                                "action", "the shutdown goes on; the registry keeps the instance until its own expiry");
                        log.warn("registry.deregistration_failed", fields);
                        if (failure != null) {
                            call.answer().completeExceptionally(failure);
                        } else {
                            call.answer().complete(status);
                        }
                    }
                });
    }

    @Override
    public synchronized Map<String, Long> stop(Duration timeLeft) throws InterruptedException {
        long end = System.nanoTime() + timeLeft.toNanos();
        long done = 0;
        long failed = 0;
        long pending = 0;
        for (Call call : calls) {
            try {
                int status = call.answer().get(Math.max(0, end - System.nanoTime()), TimeUnit.NANOSECONDS);
                if (status >= 200 && status < 300) {
                    done++;
                } else {
                    failed++;
                }
            } catch (ExecutionException e) {
                failed++;
            } catch (TimeoutException e) {
                pending++;
            }
        }
        return Map.of("deregistered", done, "failed", failed, "pending", pending);
    }

    private static String encode(String segment) {
        return URLEncoder.encode(segment, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
