package io.quiesce.workflow.callback;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * The body of a completion callback, in the Standard Webhooks shape: {@code type} ({@code instance.completed},
 * {@code instance.failed} or {@code instance.cancelled}), {@code timestamp} (when the instance ended) and {@code data}
 * (the instance as {@code GET /api/instances/{id}} shows it, without its steps). Built from the ended instance's row,
 * which never changes again, so every attempt sends the same bytes.
 */
final class CallbackPayload {

    private static final ObjectMapper JSON = new ObjectMapper();

    private CallbackPayload() {}

    static byte[] of(CallbackStore.Claim claim) {
        ObjectNode body = JSON.createObjectNode();
        body.put("type", "instance." + claim.status().toLowerCase(Locale.ROOT));
        body.put("timestamp", String.valueOf(claim.finishedAt()));
        ObjectNode data = body.putObject("data");
        data.put("id", claim.instanceId());
        data.put("type", claim.type());
        data.put("status", claim.status());
        if (claim.resultJson() != null) {
            try {
                data.set("result", JSON.readTree(claim.resultJson()));
            } catch (JsonProcessingException e) {
                throw new IllegalStateException("instance " + claim.instanceId() + " has a result that is not JSON", e);
            }
        }
        if (claim.error() != null) {
            data.put("error", claim.error());
        }
        if (claim.codeVersion() != null) {
            data.put("codeVersion", claim.codeVersion());
        }
        data.put("createdAt", String.valueOf(claim.createdAt()));
        data.put("finishedAt", String.valueOf(claim.finishedAt()));
        try {
            return JSON.writeValueAsString(body).getBytes(StandardCharsets.UTF_8);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write a callback body", e);
        }
    }
}
