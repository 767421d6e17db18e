package io.quiesce.workflow.report;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quiesce.database.validation.FieldError;
import io.quiesce.workflow.instance.InstanceStore;
import io.quiesce.workflow.types.InvalidInputException;
import io.quiesce.workflow.types.ValidatedInput;
import io.quiesce.workflow.types.WorkflowType;
import io.temporal.worker.Worker;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;

/** Unknown fields are rejected, so that a misspelt {@code stepmillis} is not silently replaced by the default. */
public final class ReportType implements WorkflowType {

    public static final String NAME = ReportWorkflow.TYPE;
    public static final String STEPS = "steps";
    public static final String STEP_MILLIS = "stepMillis";
    public static final int MIN_STEPS = 1;
    public static final int MAX_STEPS = 20;
    public static final int DEFAULT_STEPS = 3;
    public static final long MIN_STEP_MILLIS = 0;
    public static final long MAX_STEP_MILLIS = 600_000;
    public static final long DEFAULT_STEP_MILLIS = 1000;

    private static final Set<String> FIELDS = Set.of(STEPS, STEP_MILLIS);
    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    private final InstanceStore store;

    /** @param store where the activities record each step and the outcome */
    public ReportType(InstanceStore store) {
        this.store = store;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public ValidatedInput validate(String inputJson) {
        JsonNode root;
        try {
            root = inputJson == null || inputJson.isBlank() ? JSON.createObjectNode() : JSON.readTree(inputJson);
        } catch (JsonProcessingException e) {
            throw invalid(List.of(new FieldError("input", "must be a JSON object (" + e.getOriginalMessage() + ")")));
        }
        if (root == null || !root.isObject()) {
            throw invalid(List.of(new FieldError("input", "must be a JSON object")));
        }
        List<FieldError> errors = new ArrayList<>();
        for (Iterator<String> names = root.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!FIELDS.contains(name)) {
                errors.add(new FieldError("input." + name, "is not a known field (known fields: steps, stepMillis)"));
            }
        }
        long steps = integer(root, STEPS, MIN_STEPS, MAX_STEPS, DEFAULT_STEPS, errors);
        long stepMillis = integer(root, STEP_MILLIS, MIN_STEP_MILLIS, MAX_STEP_MILLIS, DEFAULT_STEP_MILLIS, errors);
        if (!errors.isEmpty()) {
            throw invalid(errors);
        }
        ReportInput input = new ReportInput((int) steps, stepMillis);
        try {
            return new ValidatedInput(NAME, JSON.writeValueAsString(input), input);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Cannot write a report input as JSON", e);
        }
    }

    private static long integer(
            JsonNode root, String field, long min, long max, long defaultValue, List<FieldError> errors) {
        JsonNode node = root.get(field);
        if (node == null) {
            return defaultValue;
        }
        if (!node.isIntegralNumber()) {
            errors.add(new FieldError("input." + field, "must be an integer between " + min + " and " + max));
            return defaultValue;
        }
        if (!node.canConvertToLong() || node.asLong() < min || node.asLong() > max) {
            errors.add(new FieldError("input." + field, "must be between " + min + " and " + max));
            return defaultValue;
        }
        return node.asLong();
    }

    private static InvalidInputException invalid(List<FieldError> errors) {
        return new InvalidInputException(NAME, errors);
    }

    @Override
    public void register(Worker worker, String workerIdentity, String codeVersion) {
        worker.registerWorkflowImplementationTypes(ReportWorkflowImpl.class);
        worker.registerActivitiesImplementations(new ReportActivitiesImpl(store, workerIdentity, codeVersion));
    }
}
