package io.quiesce.testkit;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The {@code event=name key=value} lines a component writes to a java.util.logging logger, as an operator reads them:
 * how a test observes what the component did without a hook in its code. Close it to detach.
 */
public final class LoggedEvents implements AutoCloseable {

    private final Logger logger;
    private final List<String> lines = new CopyOnWriteArrayList<>();
    private final Handler handler = new Handler() {
        @Override
        public void publish(LogRecord record) {
            lines.add(record.getMessage());
        }

        @Override
        public void flush() {}

        @Override
        public void close() {}
    };

    private LoggedEvents(Logger logger) {
        this.logger = logger;
        logger.addHandler(handler);
    }

    /** Lines of {@code loggerName} and its children from now on. */
    public static LoggedEvents of(String loggerName) {
        return new LoggedEvents(Logger.getLogger(loggerName));
    }

    /** The lines of one event, e.g. {@code retry.attempt_failed}, in the order written. */
    public List<String> lines(String event) {
        String prefix = "event=" + event;
        return lines.stream()
                .filter(l -> l != null && (l.equals(prefix) || l.startsWith(prefix + " ")))
                .toList();
    }

    public int count(String event) {
        return lines(event).size();
    }

    /** The value of {@code key} in a line, unquoted; null when absent. */
    public static String field(String line, String key) {
        Matcher m = Pattern.compile("(?:^| )" + Pattern.quote(key) + "=(\"(?:[^\"\\\\]|\\\\.)*\"|\\S*)")
                .matcher(line);
        if (!m.find()) {
            return null;
        }
        String value = m.group(1);
        return value.startsWith("\"") ? value.substring(1, value.length() - 1) : value;
    }

    @Override
    public void close() {
        logger.removeHandler(handler);
    }
}
