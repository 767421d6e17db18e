package io.quiesce.api.instances;

import io.quiesce.api.http.CanonicalJson;
import io.quiesce.api.problem.Problem;
import io.quiesce.api.problem.ProblemException;
import io.quiesce.database.idempotency.RequestFingerprint;
import io.quiesce.workflow.callback.CallbackTarget;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * Read by hand, so that an unknown property or a value of the wrong JSON type is reported by name, not ignored.
 *
 * @param callbackUrl {@code callback.url} as sent (its policy is checked by the resource), or null without a callback
 */
record StartInstanceRequest(String type, JsonObject input, String callbackUrl) {

    private static final Set<String> PROPERTIES = Set.of("type", "input", "callback");
    private static final Set<String> CALLBACK_PROPERTIES = Set.of("url");
    private static final Pattern TYPE = Pattern.compile("[a-z][a-z0-9-]{0,63}");

    static StartInstanceRequest from(JsonObject body) {
        List<Problem.InvalidField> errors = new ArrayList<>();
        new TreeSet<>(body.keySet())
                .stream()
                        .filter(name -> !PROPERTIES.contains(name))
                        .forEach(name -> errors.add(new Problem.InvalidField(
                                name, "is not a property of a start request (type, input, callback)")));
        JsonValue type = body.get("type");
        if (type == null || type.getValueType() == JsonValue.ValueType.NULL) {
            errors.add(new Problem.InvalidField("type", "is required"));
        } else if (!(type instanceof JsonString name)
                || !TYPE.matcher(name.getString()).matches()) {
            errors.add(new Problem.InvalidField("type", "must be a workflow type name such as report"));
        }
        JsonValue input = body.get("input");
        boolean inputAbsent = input == null || input.getValueType() == JsonValue.ValueType.NULL;
        if (!inputAbsent && input.getValueType() != JsonValue.ValueType.OBJECT) {
            errors.add(new Problem.InvalidField("input", "must be a JSON object"));
        }
        String callbackUrl = callbackUrl(body.get("callback"), errors);
        if (!errors.isEmpty()) {
            throw new ProblemException(Problem.invalidFields(errors));
        }
        return new StartInstanceRequest(
                ((JsonString) type).getString(),
                inputAbsent ? JsonValue.EMPTY_JSON_OBJECT : input.asJsonObject(),
                callbackUrl);
    }

    private static String callbackUrl(JsonValue callback, List<Problem.InvalidField> errors) {
        if (callback == null || callback.getValueType() == JsonValue.ValueType.NULL) {
            return null;
        }
        if (callback.getValueType() != JsonValue.ValueType.OBJECT) {
            errors.add(new Problem.InvalidField("callback", "must be a JSON object with a url"));
            return null;
        }
        JsonObject object = callback.asJsonObject();
        new TreeSet<>(object.keySet())
                .stream()
                        .filter(name -> !CALLBACK_PROPERTIES.contains(name))
                        .forEach(name -> errors.add(
                                new Problem.InvalidField("callback." + name, "is not a property of a callback (url)")));
        JsonValue url = object.get("url");
        if (url == null || url.getValueType() == JsonValue.ValueType.NULL) {
            errors.add(new Problem.InvalidField(CallbackTarget.FIELD, "is required"));
            return null;
        }
        if (!(url instanceof JsonString text)) {
            errors.add(new Problem.InvalidField(CallbackTarget.FIELD, "must be a string"));
            return null;
        }
        return text.getString();
    }

    /** Unchanged for a request without a callback, so that keys used before callbacks existed replay as before. */
    String fingerprint() {
        String canonicalInput = CanonicalJson.of(input);
        return callbackUrl == null
                ? RequestFingerprint.of(type, canonicalInput)
                : RequestFingerprint.of(type, canonicalInput, "callback.url=" + callbackUrl);
    }
}
