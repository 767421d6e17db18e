package io.quiesce.workflow.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.quiesce.database.validation.FieldError;
import io.quiesce.workflow.types.InvalidInputException;
import io.quiesce.workflow.types.ValidatedInput;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

class ReportTypeTest {

    private final ReportType type = new ReportType(null);

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {"{}", "  {}  ", " "})
    void absentFieldsGetTheDefaults(String input) {
        ValidatedInput valid = type.validate(input);

        assertThat(valid.workflowArgument()).isEqualTo(new ReportInput(3, 1000));
        assertThat(valid.normalizedJson()).isEqualTo("{\"steps\":3,\"stepMillis\":1000}");
        assertThat(valid.type()).isEqualTo("report");
    }

    @ParameterizedTest
    @CsvSource({"1,0", "20,600000", "5,250"})
    void boundsAreInclusive(int steps, long stepMillis) {
        ValidatedInput valid = type.validate("{\"steps\":" + steps + ",\"stepMillis\":" + stepMillis + "}");

        assertThat(valid.workflowArgument()).isEqualTo(new ReportInput(steps, stepMillis));
    }

    @ParameterizedTest
    @ValueSource(strings = {"0", "21", "-1", "99999999999999999999"})
    void stepsOutOfRange(String steps) {
        assertThat(errors("{\"steps\":" + steps + "}"))
                .containsExactly(new FieldError("input.steps", "must be between 1 and 20"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"-1", "600001"})
    void stepMillisOutOfRange(String millis) {
        assertThat(errors("{\"stepMillis\":" + millis + "}"))
                .containsExactly(new FieldError("input.stepMillis", "must be between 0 and 600000"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"2.5", "\"3\"", "true", "null", "[3]", "{}"})
    void nonIntegersAreRejected(String steps) {
        assertThat(errors("{\"steps\":" + steps + "}"))
                .containsExactly(new FieldError("input.steps", "must be an integer between 1 and 20"));
    }

    @Test
    void unknownFieldsAreRejectedAndEveryErrorIsReported() {
        assertThat(errors("{\"steps\":0,\"stepmillis\":5,\"stepMillis\":-5}"))
                .containsExactly(
                        new FieldError("input.stepmillis", "is not a known field (known fields: steps, stepMillis)"),
                        new FieldError("input.steps", "must be between 1 and 20"),
                        new FieldError("input.stepMillis", "must be between 0 and 600000"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"[]", "3", "\"text\"", "null"})
    void theInputMustBeAnObject(String input) {
        assertThat(errors(input)).containsExactly(new FieldError("input", "must be a JSON object"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"{", "{\"steps\":1,}", "{\"steps\":1} {}", "{\"steps\":1,\"steps\":2}"})
    void malformedJsonIsRejected(String input) {
        assertThat(errors(input)).singleElement().satisfies(e -> {
            assertThat(e.field()).isEqualTo("input");
            assertThat(e.message()).startsWith("must be a JSON object (");
        });
    }

    @Test
    void theMessageNamesTheTypeAndTheFields() {
        InvalidInputException e =
                catchThrowableOfType(InvalidInputException.class, () -> type.validate("{\"steps\":21}"));

        assertThat(e.type()).isEqualTo("report");
        assertThat(e).hasMessage("Invalid input for workflow type report: input.steps must be between 1 and 20");
    }

    private List<FieldError> errors(String input) {
        return catchThrowableOfType(InvalidInputException.class, () -> type.validate(input))
                .errors();
    }
}
