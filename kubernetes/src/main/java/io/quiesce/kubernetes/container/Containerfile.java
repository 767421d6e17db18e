package io.quiesce.kubernetes.container;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A Containerfile (Dockerfile syntax) read into stages of instructions: enough to check the image's invariants without a
 * container engine. Handles comments, line continuations and {@code FROM image AS name}; heredocs are not supported.
 */
public final class Containerfile {

    private static final Pattern ENV_PAIR = Pattern.compile("([A-Za-z_][A-Za-z0-9_]*)=(\"[^\"]*\"|'[^']*'|\\S*)");

    private final List<Stage> stages;

    private Containerfile(List<Stage> stages) {
        this.stages = List.copyOf(stages);
    }

    public static Containerfile read(Path file) {
        try {
            return parse(Files.readString(file));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static Containerfile parse(String text) {
        List<Stage> stages = new ArrayList<>();
        List<Instruction> current = null;
        StringBuilder logical = new StringBuilder();
        int startLine = 0;
        String[] lines = text.split("\\R", -1);
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i];
            if (logical.length() == 0 && (line.isBlank() || line.stripLeading().startsWith("#"))) {
                continue;
            }
            if (logical.length() > 0 && line.stripLeading().startsWith("#")) {
                continue; // comment lines inside a continuation are dropped, as BuildKit does
            }
            if (logical.length() == 0) {
                startLine = i + 1;
            }
            String stripped = line.stripTrailing();
            if (stripped.endsWith("\\")) {
                logical.append(stripped, 0, stripped.length() - 1).append(' ');
                continue;
            }
            logical.append(stripped);
            Instruction instruction = Instruction.of(logical.toString().strip(), startLine);
            logical.setLength(0);
            if (instruction.keyword().equals("FROM")) {
                current = new ArrayList<>();
                stages.add(Stage.of(instruction, current));
            } else if (current != null) {
                current.add(instruction);
            } else if (!instruction.keyword().equals("ARG")) {
                throw new IllegalArgumentException(
                        "line " + startLine + ": " + instruction.keyword() + " before the first FROM");
            }
        }
        if (stages.isEmpty()) {
            throw new IllegalArgumentException("no FROM instruction");
        }
        return new Containerfile(stages);
    }

    public List<Stage> stages() {
        return stages;
    }

    public Stage finalStage() {
        return stages.get(stages.size() - 1);
    }

    /** One instruction; {@code arguments} is the text after the keyword, continuations joined. */
    public record Instruction(String keyword, String arguments, int line) {

        static Instruction of(String text, int line) {
            String[] parts = text.split("\\s+", 2);
            return new Instruction(parts[0].toUpperCase(Locale.ROOT), parts.length > 1 ? parts[1].strip() : "", line);
        }

        public boolean isExecForm() {
            return arguments.startsWith("[") && arguments.endsWith("]");
        }
    }

    public record Stage(String baseImage, Optional<String> name, List<Instruction> instructions, int line) {

        static Stage of(Instruction from, List<Instruction> instructions) {
            List<String> words = new ArrayList<>(List.of(from.arguments().split("\\s+")));
            words.removeIf(word -> word.startsWith("--"));
            Optional<String> name = words.size() >= 3 && words.get(1).equalsIgnoreCase("AS")
                    ? Optional.of(words.get(2))
                    : Optional.empty();
            return new Stage(words.get(0), name, instructions, from.line());
        }

        public List<Instruction> all(String keyword) {
            return instructions.stream()
                    .filter(i -> i.keyword().equals(keyword))
                    .toList();
        }

        public Optional<Instruction> last(String keyword) {
            List<Instruction> matching = all(keyword);
            return matching.isEmpty() ? Optional.empty() : Optional.of(matching.get(matching.size() - 1));
        }

        /** Variables set by ENV in this stage ({@code KEY=value} pairs, or the legacy {@code KEY value}). */
        public Map<String, String> environment() {
            Map<String, String> environment = new LinkedHashMap<>();
            for (Instruction env : all("ENV")) {
                Matcher pairs = ENV_PAIR.matcher(env.arguments());
                boolean any = false;
                while (pairs.find()) {
                    any = true;
                    environment.put(pairs.group(1), unquote(pairs.group(2)));
                }
                if (!any) {
                    String[] legacy = env.arguments().split("\\s+", 2);
                    environment.put(legacy[0], legacy.length > 1 ? legacy[1] : "");
                }
            }
            return environment;
        }
    }

    private static String unquote(String value) {
        boolean quoted = value.length() >= 2
                && (value.startsWith("\"") && value.endsWith("\"") || value.startsWith("'") && value.endsWith("'"));
        return quoted ? value.substring(1, value.length() - 1) : value;
    }
}
