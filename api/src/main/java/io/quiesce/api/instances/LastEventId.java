package io.quiesce.api.instances;

import io.quiesce.api.problem.Problem;
import io.quiesce.api.problem.ProblemException;
import java.util.List;
import java.util.regex.Pattern;

/** The {@code Last-Event-ID} an EventSource sends when it reconnects: the seq of the last event it received. */
final class LastEventId {

    static final String HEADER = "Last-Event-ID";
    private static final Pattern SEQ = Pattern.compile("0|[1-9][0-9]{0,9}");

    private LastEventId() {}

    /** 0 (everything) without the header. */
    static int parse(List<String> values) {
        if (values == null || values.isEmpty()) {
            return 0;
        }
        if (values.size() > 1) {
            throw invalid("Send Last-Event-ID at most once.");
        }
        String value = values.get(0).trim();
        if (!SEQ.matcher(value).matches() || Long.parseLong(value) > Integer.MAX_VALUE) {
            throw invalid("Last-Event-ID must be the id of an event of this stream (a whole number from 0), not '"
                    + abbreviate(value) + "'.");
        }
        return Integer.parseInt(value);
    }

    static ProblemException beyond(int lastEventId, String instanceId, int lastEvent) {
        return invalid("Last-Event-ID " + lastEventId + " is beyond the last event of instance " + instanceId + " ("
                + lastEvent + "): it is not an id this stream sent.");
    }

    private static ProblemException invalid(String detail) {
        return new ProblemException(
                Problem.of("invalid-last-event-id", jakarta.ws.rs.core.Response.Status.BAD_REQUEST, detail));
    }

    private static String abbreviate(String value) {
        String visible = value.replaceAll("[^\\x20-\\x7e]", "?");
        return visible.length() > 40 ? visible.substring(0, 40) + "..." : visible;
    }
}
