package io.quiesce.rehearsal.callback;

import io.quiesce.testkit.CallbackReceiver;
import io.quiesce.testkit.Poll;
import java.io.IOException;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The rehearsal's completion callbacks: a loopback receiver with a secret made for this run, the pods' settings that
 * send callbacks to it and sign them with that secret, and the audit of what arrived.
 */
public final class CallbackRehearsal implements AutoCloseable {

    private final String secret = CallbackReceiver.newSecret();
    private final CallbackReceiver receiver;
    private final CallbackAudit audit;

    public CallbackRehearsal(String jdbcUrl, String user, String password) throws IOException {
        this.receiver = CallbackReceiver.start(secret);
        this.audit = new CallbackAudit(jdbcUrl, user, password);
    }

    /** The pods' environment for callbacks: this run's secret, and the receiver's loopback host allowed. */
    public Map<String, String> podEnvironment() {
        return Map.of("QUIESCE_CALLBACKS_SECRET", secret, "QUIESCE_CALLBACKS_ALLOWED_HOSTS", "127.0.0.1");
    }

    public String url() {
        return receiver.url("/rehearsal/callbacks");
    }

    /** Waits until no callback of {@code keys} is still owed, at most {@code timeout}; the audit counts the rest. */
    public void awaitSettled(Set<String> keys, Duration timeout) {
        Poll.until(timeout, Duration.ofMillis(500), () -> {
            try {
                return audit.outstanding(keys) == 0 ? Optional.of(true) : Optional.empty();
            } catch (SQLException e) {
                return Optional.empty();
            }
        });
    }

    public CallbackAudit.Callbacks audit(Set<String> keys) throws SQLException {
        return audit.audit(keys, receiver);
    }

    @Override
    public void close() {
        receiver.close();
    }
}
