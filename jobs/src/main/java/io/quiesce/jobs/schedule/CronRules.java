package io.quiesce.jobs.schedule;

import io.quiesce.database.validation.FieldError;
import java.text.ParseException;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.TimeZone;
import java.util.regex.Pattern;
import org.quartz.CronExpression;

/**
 * {@link TimeZone#getTimeZone(String)} silently turns an unknown zone into GMT, and Quartz accepts expressions that
 * never fire again: both are refused here.
 */
public final class CronRules {

    /** Quartz's {@code CRON_EXPRESSION varchar(120)}. */
    static final int MAX_CRON = 120;

    private static final Pattern ZERO_STEP = Pattern.compile("/0+(?![0-9])");

    private CronRules() {}

    public record ValidCron(String expression, ZoneId zone) {

        public TimeZone timeZone() {
            return TimeZone.getTimeZone(zone);
        }
    }

    /** Quartz's own words when they describe the expression; some of its messages only name a Java exception. */
    private static String quartzReason(Exception e) {
        String message = e instanceof ParseException ? e.getMessage() : null;
        return message == null || message.contains("Exception") || message.contains("java.")
                ? ""
                : " (" + message + ")";
    }

    public static ValidCron check(String cron, String timeZone, Instant now) {
        List<FieldError> errors = new ArrayList<>();
        ZoneId zone = null;
        if (!ZoneId.getAvailableZoneIds().contains(timeZone)) {
            errors.add(new FieldError("timeZone", "must be an IANA time zone such as Europe/Paris or UTC"));
        } else {
            zone = ZoneId.of(timeZone);
        }
        String expression = cron.trim();
        if (expression.length() > MAX_CRON) {
            errors.add(new FieldError("cron", "must be at most " + MAX_CRON + " characters"));
        } else if (ZERO_STEP.matcher(expression).find()) {
            errors.add(new FieldError(
                    "cron", "has a step of 0 (e.g. 0/0), which never advances: use a step of 1 or more"));
        } else {
            try {
                CronExpression parsed = new CronExpression(expression);
                if (zone != null) {
                    parsed.setTimeZone(TimeZone.getTimeZone(zone));
                    if (parsed.getNextValidTimeAfter(Date.from(now)) == null) {
                        errors.add(new FieldError("cron", "never fires after now"));
                    }
                }
            } catch (ParseException | RuntimeException e) {
                errors.add(new FieldError(
                        "cron",
                        "must be a Quartz cron expression of 6 or 7 fields, seconds first, " + "e.g. 0 */5 * * * ?"
                                + quartzReason(e)));
            }
        }
        if (!errors.isEmpty()) {
            throw new InvalidScheduleException(errors);
        }
        return new ValidCron(expression, zone);
    }
}
