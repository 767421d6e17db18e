package io.quiesce.api.http;

import io.quiesce.api.problem.Problem;
import io.quiesce.workflow.instance.StartCommand;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.Provider;
import java.util.List;
import java.util.Optional;

/**
 * A retry with the same key and request gets what the first created, marked replayed; another request is refused. A
 * request with the header twice is refused too: which key it meant is unknowable.
 */
@Provider
public final class Idempotency implements ContainerRequestFilter {

    public static final String HEADER = "Idempotency-Key";
    public static final String REPLAYED = "Idempotent-Replayed";
    public static final String KEY_PATTERN = "[\\x21-\\x7E]{1," + StartCommand.MAX_IDEMPOTENCY_KEY + "}";
    public static final String KEY_MESSAGE =
            "must be 1 to " + StartCommand.MAX_IDEMPOTENCY_KEY + " visible ASCII characters";

    @Override
    public void filter(ContainerRequestContext request) {
        refusal(request.getHeaders().get(HEADER)).ifPresent(problem -> request.abortWith(problem.toResponse()));
    }

    static Optional<Problem> refusal(List<String> keys) {
        if (keys == null || keys.size() < 2) {
            return Optional.empty();
        }
        return Optional.of(Problem.of(
                "invalid-request",
                Response.Status.BAD_REQUEST,
                HEADER + " is sent " + keys.size() + " times; send it once."));
    }
}
