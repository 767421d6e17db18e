package io.quiesce.database.gate;

import java.util.ArrayList;
import java.util.List;

/**
 * A migration script cut into statements, with the line each part starts on. Comments, string literals and dollar-quoted
 * bodies are blanked out (same length, newlines kept), so that {@code -- DROP TABLE x} or {@code 'drop column'} never
 * reads as a statement and every offset still points into the original text.
 */
record SqlScript(String name, String text, String code) {

    /** @param offset where the statement starts in the script */
    record Statement(String code, int offset) {}

    static SqlScript of(String name, String text) {
        return new SqlScript(name, text, blank(text));
    }

    List<Statement> statements() {
        List<Statement> statements = new ArrayList<>();
        int start = 0;
        for (int i = 0; i <= code.length(); i++) {
            if (i == code.length() || code.charAt(i) == ';') {
                String part = code.substring(start, i);
                int lead = 0;
                while (lead < part.length() && Character.isWhitespace(part.charAt(lead))) {
                    lead++;
                }
                if (lead < part.length()) {
                    statements.add(new Statement(part.substring(lead), start + lead));
                }
                start = i + 1;
            }
        }
        return statements;
    }

    int line(int offset) {
        int line = 1;
        for (int i = 0; i < offset && i < text.length(); i++) {
            if (text.charAt(i) == '\n') {
                line++;
            }
        }
        return line;
    }

    private static String blank(String text) {
        StringBuilder out = new StringBuilder(text);
        int i = 0;
        while (i < text.length()) {
            char c = text.charAt(i);
            int end;
            if (c == '-' && text.startsWith("--", i)) {
                end = text.indexOf('\n', i);
                end = end < 0 ? text.length() : end;
            } else if (c == '/' && text.startsWith("/*", i)) {
                end = blockCommentEnd(text, i);
            } else if (c == '\'') {
                end = quoteEnd(text, i, '\'');
            } else if (c == '"') {
                i = quoteEnd(text, i, '"');
                continue;
            } else if (c == '$' && dollarTag(text, i) != null) {
                String tag = dollarTag(text, i);
                int close = text.indexOf(tag, i + tag.length());
                end = close < 0 ? text.length() : close + tag.length();
            } else {
                i++;
                continue;
            }
            for (int j = i; j < end; j++) {
                if (out.charAt(j) != '\n') {
                    out.setCharAt(j, ' ');
                }
            }
            i = end;
        }
        return out.toString();
    }

    /** PostgreSQL's block comments nest. */
    private static int blockCommentEnd(String text, int from) {
        int depth = 0;
        int i = from;
        while (i < text.length()) {
            if (text.startsWith("/*", i)) {
                depth++;
                i += 2;
            } else if (text.startsWith("*/", i)) {
                depth--;
                i += 2;
                if (depth == 0) {
                    return i;
                }
            } else {
                i++;
            }
        }
        return text.length();
    }

    /** A doubled quote inside is the quote itself. */
    private static int quoteEnd(String text, int from, char quote) {
        int i = from + 1;
        while (i < text.length()) {
            if (text.charAt(i) == quote) {
                if (i + 1 < text.length() && text.charAt(i + 1) == quote) {
                    i += 2;
                    continue;
                }
                return i + 1;
            }
            i++;
        }
        return text.length();
    }

    /** {@code $$} or {@code $tag$} at {@code from}, else null. */
    private static String dollarTag(String text, int from) {
        int i = from + 1;
        while (i < text.length() && (Character.isLetterOrDigit(text.charAt(i)) || text.charAt(i) == '_')) {
            i++;
        }
        if (i < text.length()
                && text.charAt(i) == '$'
                && (i == from + 1 || !Character.isDigit(text.charAt(from + 1)))) {
            return text.substring(from, i + 1);
        }
        return null;
    }
}
