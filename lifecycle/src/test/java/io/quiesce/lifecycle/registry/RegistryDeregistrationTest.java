package io.quiesce.lifecycle.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.quiesce.lifecycle.config.ConfigException;
import io.quiesce.lifecycle.log.EventLog;
import io.quiesce.lifecycle.log.LogFormat;
import io.quiesce.testkit.registry.LoopbackRegistry;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.logging.Logger;
import org.junit.jupiter.api.Test;

/** Against a loopback registry speaking Consul's agent API and Eureka's REST API. */
class RegistryDeregistrationTest {

    private final Map<String, String> values =
            new HashMap<>(Map.of(RegistryConfig.TIMEOUT, "2s", RegistryConfig.EUREKA_ACTION, "out-of-service"));
    private final EventLog log = new EventLog(Logger.getLogger("test"), LogFormat.TEXT);

    private RegistryConfig config() {
        return RegistryConfig.read(name -> Optional.ofNullable(values.get(name)));
    }

    @Test
    void offUnlessARegistryUrlIsConfigured() {
        assertThat(config().enabled()).isFalse();
    }

    @Test
    void badSettingsStopTheStartNamingTheProperty() {
        values.put(RegistryConfig.CONSUL_URL, "consul:8500");
        assertThatThrownBy(this::config)
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("Invalid configuration quiesce.registry.consul.url='consul:8500'");
        values.put(RegistryConfig.CONSUL_URL, "http://127.0.0.1:8500");
        assertThatThrownBy(this::config)
                .hasMessageContaining("Missing configuration quiesce.registry.consul.service-id");
        values.put(RegistryConfig.CONSUL_SERVICE_ID, "quiesce-1");
        values.put(RegistryConfig.EUREKA_ACTION, "remove");
        assertThatThrownBy(this::config)
                .hasMessage("Invalid configuration quiesce.registry.eureka.action='remove': allowed values are"
                        + " out-of-service or delete.");
    }

    @Test
    void leavesConsulAndEurekaAtTheSignalWithoutWaitingForThem() throws Exception {
        try (LoopbackRegistry registry = LoopbackRegistry.start(Duration.ZERO)) {
            register(registry);
            values.put(RegistryConfig.CONSUL_URL, registry.consulUrl() + "/");
            values.put(RegistryConfig.CONSUL_SERVICE_ID, "quiesce@1");
            values.put(RegistryConfig.CONSUL_TOKEN, "acl-token");
            values.put(RegistryConfig.EUREKA_URL, registry.eurekaUrl());
            values.put(RegistryConfig.EUREKA_APP, "QUIESCE");
            values.put(RegistryConfig.EUREKA_INSTANCE_ID, "pod-1:9080");
            RegistryDeregistration participant = new RegistryDeregistration(config(), log);

            participant.stopIntake();
            Map<String, Long> report = participant.stop(Duration.ofSeconds(5));

            assertThat(report).containsEntry("deregistered", 2L).containsEntry("failed", 0L);
            assertThat(registry.consulService("quiesce@1")).isEmpty();
            assertThat(registry.eurekaInstance("QUIESCE", "pod-1:9080"))
                    .map(LoopbackRegistry.Instance::status)
                    .contains("OUT_OF_SERVICE");
            assertThat(registry.calls())
                    .filteredOn(c -> c.path().startsWith("/v1/agent/service/deregister/"))
                    .singleElement()
                    .satisfies(c -> {
                        assertThat(c.method()).isEqualTo("PUT");
                        assertThat(c.path()).isEqualTo("/v1/agent/service/deregister/quiesce%401");
                        assertThat(c.consulToken()).contains("acl-token");
                    });
        }
    }

    @Test
    void eurekaCanBeToldToDeleteTheInstance() throws Exception {
        try (LoopbackRegistry registry = LoopbackRegistry.start(Duration.ZERO)) {
            register(registry);
            values.put(RegistryConfig.EUREKA_URL, registry.eurekaUrl());
            values.put(RegistryConfig.EUREKA_APP, "QUIESCE");
            values.put(RegistryConfig.EUREKA_INSTANCE_ID, "pod-1:9080");
            values.put(RegistryConfig.EUREKA_ACTION, "delete");
            RegistryDeregistration participant = new RegistryDeregistration(config(), log);

            participant.stopIntake();

            assertThat(participant.stop(Duration.ofSeconds(5))).containsEntry("deregistered", 1L);
            assertThat(registry.eurekaInstance("QUIESCE", "pod-1:9080")).isEmpty();
        }
    }

    @Test
    void aRegistryThatDoesNotAnswerIsGivenUpAfterTheTimeoutAndCountedNotThrown() throws Exception {
        try (ServerSocket silent = new ServerSocket(0, 8, InetAddress.getLoopbackAddress());
                LoopbackRegistry registry = LoopbackRegistry.start(Duration.ZERO)) {
            Thread accept = new Thread(() -> {
                try (Socket held = silent.accept()) {
                    held.getInputStream().read(); // never answers
                    Thread.sleep(Long.MAX_VALUE);
                } catch (IOException | InterruptedException e) {
                    // the test is over
                }
            });
            accept.setDaemon(true);
            accept.start();
            values.put(RegistryConfig.CONSUL_URL, "http://127.0.0.1:" + silent.getLocalPort());
            values.put(RegistryConfig.CONSUL_SERVICE_ID, "quiesce-1");
            // Eureka answers 404: the instance was never registered.
            values.put(RegistryConfig.EUREKA_URL, registry.eurekaUrl());
            values.put(RegistryConfig.EUREKA_APP, "QUIESCE");
            values.put(RegistryConfig.EUREKA_INSTANCE_ID, "unknown");
            values.put(RegistryConfig.TIMEOUT, "300ms");
            RegistryDeregistration participant = new RegistryDeregistration(config(), log);

            long before = System.nanoTime();
            participant.stopIntake();
            Duration intake = Duration.ofNanos(System.nanoTime() - before);
            Map<String, Long> report = participant.stop(Duration.ofSeconds(5));

            assertThat(intake).as("stopIntake does not wait for the registries").isLessThan(Duration.ofMillis(300));
            assertThat(report)
                    .containsEntry("deregistered", 0L)
                    .containsEntry("failed", 2L)
                    .containsEntry("pending", 0L);
        }
    }

    private static void register(LoopbackRegistry registry) throws Exception {
        java.net.http.HttpClient client = java.net.http.HttpClient.newHttpClient();
        client.send(
                java.net.http.HttpRequest.newBuilder(
                                java.net.URI.create(registry.consulUrl() + "/v1/agent/service/register"))
                        .PUT(java.net.http.HttpRequest.BodyPublishers.ofString(
                                "{\"ID\":\"quiesce@1\",\"Name\":\"quiesce\",\"Address\":\"127.0.0.1\",\"Port\":9080}"))
                        .build(),
                java.net.http.HttpResponse.BodyHandlers.discarding());
        client.send(
                java.net.http.HttpRequest.newBuilder(java.net.URI.create(registry.eurekaUrl() + "/apps/QUIESCE"))
                        .POST(java.net.http.HttpRequest.BodyPublishers.ofString(
                                "{\"instance\":{\"instanceId\":\"pod-1:9080\",\"hostName\":\"127.0.0.1\",\"app\":\"QUIESCE\","
                                        + "\"status\":\"UP\",\"port\":{\"$\":9080,\"@enabled\":\"true\"}}}"))
                        .header("Content-Type", "application/json")
                        .build(),
                java.net.http.HttpResponse.BodyHandlers.discarding());
    }
}
