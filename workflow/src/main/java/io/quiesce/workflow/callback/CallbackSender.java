package io.quiesce.workflow.callback;

import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.channels.UnresolvedAddressException;
import java.time.Clock;
import java.time.Duration;
import javax.net.ssl.SSLException;

/**
 * One attempt over the JDK's HTTP client: redirects are never followed, connecting and waiting for the answer are each
 * bounded, and the receiver's body is not read. Failures are described in fixed words (no exception text, no URL), so
 * that {@code lastError} can be shown to API clients.
 */
final class CallbackSender {

    /** @param error null when delivered */
    record Outcome(boolean delivered, String error) {}

    private final CallbackConfig config;
    private final CallbackSigner signer;
    private final Clock clock;
    private volatile HttpClient client;

    CallbackSender(CallbackConfig config, Clock clock) {
        this.config = config;
        this.signer = new CallbackSigner(config.secret());
        this.clock = clock;
    }

    /** @throws InterruptedException the server is stopping; the attempt's result is unknown */
    Outcome send(CallbackTarget target, String deliveryId, byte[] body) throws InterruptedException {
        long timestamp = clock.instant().getEpochSecond();
        HttpRequest request = HttpRequest.newBuilder(target.uri())
                .timeout(config.readTimeout())
                .header("Content-Type", "application/json")
                .header("User-Agent", "Quiesce-Callbacks/1")
                .header(CallbackSigner.ID_HEADER, deliveryId)
                .header(CallbackSigner.TIMESTAMP_HEADER, Long.toString(timestamp))
                .header(CallbackSigner.SIGNATURE_HEADER, signer.sign(deliveryId, timestamp, body))
                .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                .build();
        try {
            HttpResponse<InputStream> response = client().send(request, HttpResponse.BodyHandlers.ofInputStream());
            response.body().close();
            int status = response.statusCode();
            if (status >= 200 && status < 300) {
                return new Outcome(true, null);
            }
            return new Outcome(
                    false,
                    "the receiver answered " + status
                            + (status >= 300 && status < 400 ? " (redirects are not followed)" : ""));
        } catch (HttpConnectTimeoutException e) {
            return new Outcome(false, "could not connect within " + seconds(config.connectTimeout()));
        } catch (HttpTimeoutException e) {
            return new Outcome(false, "no answer within " + seconds(config.readTimeout()));
        } catch (ConnectException e) {
            return new Outcome(
                    false,
                    e.getCause() instanceof UnresolvedAddressException
                            ? "the receiver's host name did not resolve"
                            : "the receiver refused the connection");
        } catch (SSLException e) {
            return new Outcome(false, "the TLS handshake with the receiver failed");
        } catch (IOException e) {
            return new Outcome(false, "the connection failed before the receiver answered");
        }
    }

    /** Created at the first delivery: a server that never sends one starts no selector thread. */
    private HttpClient client() {
        HttpClient c = client;
        if (c == null) {
            synchronized (this) {
                if (client == null) {
                    client = HttpClient.newBuilder()
                            .followRedirects(HttpClient.Redirect.NEVER)
                            .connectTimeout(config.connectTimeout())
                            .version(HttpClient.Version.HTTP_1_1)
                            .build();
                }
                c = client;
            }
        }
        return c;
    }

    private static String seconds(Duration d) {
        return d.toMillis() % 1000 == 0 ? d.toSeconds() + " s" : d.toMillis() + " ms";
    }
}
