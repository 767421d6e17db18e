package io.quiesce.testkit;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * A loopback receiver of Quiesce's completion callbacks, as a user would write one: it checks each request's Standard
 * Webhooks signature and records the delivery id and instance, then answers as told (a status after a delay, or never,
 * holding the connection open until it is closed). Every request is recorded once its body has arrived, whether or not
 * the answer then reached the sender.
 */
public final class CallbackReceiver implements AutoCloseable {

    /** @param signatureValid the signature matched the body, id and timestamp under the shared secret */
    public record Delivery(
            String deliveryId, String instanceId, String type, boolean signatureValid, Instant receivedAt) {}

    private static final Pattern INSTANCE = Pattern.compile("\"data\"\\s*:\\s*\\{\\s*\"id\"\\s*:\\s*\"([^\"]+)\"");
    private static final Pattern TYPE = Pattern.compile("^\\{\\s*\"type\"\\s*:\\s*\"([^\"]+)\"");
    /** How long a request told to hang is held at most; closing the receiver releases it earlier. */
    private static final Duration HANG_LIMIT = Duration.ofMinutes(10);

    private final HttpServer server;
    private final ExecutorService threads;
    private final SecretKeySpec key;
    private final List<Delivery> deliveries = new ArrayList<>();
    private final AtomicInteger inProgress = new AtomicInteger();
    private final CountDownLatch closed = new CountDownLatch(1);
    private volatile int status = 200;
    private volatile Duration delay = Duration.ZERO;
    private volatile boolean hang;

    private CallbackReceiver(HttpServer server, ExecutorService threads, byte[] secret) {
        this.server = server;
        this.threads = threads;
        this.key = new SecretKeySpec(secret, "HmacSHA256");
    }

    /** On a free loopback port. */
    public static CallbackReceiver start(String secret) throws IOException {
        return start(0, secret);
    }

    /**
     * @param port   a fixed port, for a receiver that is down first and comes up later on the URL already registered
     * @param secret as configured on the servers: {@code whsec_<base64 key>}
     */
    public static CallbackReceiver start(int port, String secret) throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 50);
        ExecutorService threads = Executors.newCachedThreadPool(task -> {
            Thread thread = new Thread(task, "callback-receiver");
            thread.setDaemon(true);
            return thread;
        });
        CallbackReceiver receiver = new CallbackReceiver(server, threads, decode(secret));
        server.createContext("/", receiver::handle);
        server.setExecutor(threads);
        server.start();
        return receiver;
    }

    /** {@code whsec_} and the base64 of 32 random bytes, the format the servers require. */
    public static String newSecret() {
        byte[] key = new byte[32];
        new java.security.SecureRandom().nextBytes(key);
        return "whsec_" + Base64.getEncoder().encodeToString(key);
    }

    public int port() {
        return server.getAddress().getPort();
    }

    /** A URL of this receiver, with the path given. */
    public String url(String path) {
        return "http://127.0.0.1:" + port() + path;
    }

    public CallbackReceiver answering(int status, Duration delay) {
        this.status = status;
        this.delay = delay;
        this.hang = false;
        return this;
    }

    /** Holds every request from now on without answering. */
    public CallbackReceiver hanging() {
        this.hang = true;
        return this;
    }

    public synchronized List<Delivery> deliveries() {
        return List.copyOf(deliveries);
    }

    /** Deliveries received per instance id. */
    public synchronized Map<String, Integer> countsByInstance() {
        Map<String, Integer> counts = new TreeMap<>();
        deliveries.forEach(d -> counts.merge(d.instanceId(), 1, Integer::sum));
        return counts;
    }

    /** Requests received and not yet answered. */
    public int inProgress() {
        return inProgress.get();
    }

    private void handle(HttpExchange exchange) throws IOException {
        inProgress.incrementAndGet();
        try (exchange) {
            byte[] body;
            try (InputStream in = exchange.getRequestBody()) {
                body = in.readAllBytes();
            }
            String text = new String(body, StandardCharsets.UTF_8);
            String id = exchange.getRequestHeaders().getFirst("webhook-id");
            String timestamp = exchange.getRequestHeaders().getFirst("webhook-timestamp");
            String signature = exchange.getRequestHeaders().getFirst("webhook-signature");
            synchronized (this) {
                deliveries.add(new Delivery(
                        id,
                        group(INSTANCE, text),
                        group(TYPE, text),
                        valid(id, timestamp, signature, body),
                        Instant.now()));
            }
            if (hang) {
                closed.await(HANG_LIMIT.toMillis(), TimeUnit.MILLISECONDS);
                return;
            }
            if (!delay.isZero() && closed.await(delay.toMillis(), TimeUnit.MILLISECONDS)) {
                return;
            }
            exchange.sendResponseHeaders(status, -1);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            inProgress.decrementAndGet();
        }
    }

    private boolean valid(String id, String timestamp, String signature, byte[] body) {
        if (id == null || timestamp == null || signature == null) {
            return false;
        }
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(key);
            mac.update((id + "." + timestamp + ".").getBytes(StandardCharsets.UTF_8));
            byte[] expected = mac.doFinal(body);
            for (String candidate : signature.split(" ")) {
                if (candidate.startsWith("v1,")
                        && MessageDigest.isEqual(expected, Base64.getDecoder().decode(candidate.substring(3)))) {
                    return true;
                }
            }
            return false;
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            return false;
        }
    }

    private static String group(Pattern pattern, String text) {
        Matcher m = pattern.matcher(text);
        return m.find() ? m.group(1) : null;
    }

    private static byte[] decode(String secret) {
        if (!secret.startsWith("whsec_")) {
            throw new IllegalArgumentException("a callback secret starts with whsec_");
        }
        return Base64.getDecoder().decode(secret.substring("whsec_".length()));
    }

    /** Stops listening; requests still held are released without an answer (their connections are closed). */
    @Override
    public void close() {
        closed.countDown();
        server.stop(0);
        threads.shutdownNow();
    }
}
