package io.quiesce.quickstart;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The README's runnable blocks: an indented code block right after a {@code <!-- quickstart:NAME -->} comment, so that
 * the test runs exactly what a reader copies.
 */
final class ReadmeBlocks {

    private static final Pattern MARKER = Pattern.compile("^<!-- quickstart:([a-z-]+)\\b.*-->\\s*$");
    private static final String INDENT = "    ";

    private ReadmeBlocks() {}

    static Map<String, String> read(Path readme) throws IOException {
        return parse(Files.readAllLines(readme));
    }

    static Map<String, String> parse(List<String> lines) {
        Map<String, String> blocks = new LinkedHashMap<>();
        for (int i = 0; i < lines.size(); i++) {
            Matcher marker = MARKER.matcher(lines.get(i));
            if (!marker.matches()) {
                continue;
            }
            int line = i + 1;
            while (line < lines.size() && lines.get(line).isBlank()) {
                line++;
            }
            StringBuilder block = new StringBuilder();
            for (;
                    line < lines.size()
                            && (lines.get(line).startsWith(INDENT)
                                    || lines.get(line).isBlank());
                    line++) {
                block.append(lines.get(line).isBlank() ? "" : lines.get(line).substring(INDENT.length()))
                        .append('\n');
            }
            if (block.toString().isBlank()) {
                throw new IllegalStateException(
                        "README line " + (i + 1) + ": no indented code block after the marker " + marker.group(1));
            }
            if (blocks.put(marker.group(1), block.toString().strip() + "\n") != null) {
                throw new IllegalStateException("README: the marker quickstart:" + marker.group(1) + " appears twice");
            }
        }
        return blocks;
    }
}
