package io.quiesce.quickstart;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The relative links of a Markdown page, and whether each one's file and heading exist (GitHub's heading anchors). */
final class DocLinks {

    private static final Pattern LINK = Pattern.compile("\\]\\(([^)\\s]+)\\)");
    private static final Pattern HEADING = Pattern.compile("^#{1,6} (.+)$");
    private static final Pattern FENCE = Pattern.compile("^\\s*```");

    private DocLinks() {}

    /** Every broken relative link of {@code page}, as {@code page:line: target (why)}. */
    static List<String> broken(Path page) throws IOException {
        List<String> broken = new ArrayList<>();
        List<String> lines = Files.readAllLines(page);
        boolean code = false;
        for (int i = 0; i < lines.size(); i++) {
            if (FENCE.matcher(lines.get(i)).find()) {
                code = !code;
            }
            if (code || lines.get(i).startsWith("    ")) {
                continue;
            }
            Matcher link = LINK.matcher(lines.get(i));
            while (link.find()) {
                String target = link.group(1);
                if (target.matches("^[a-z]+:.*")) {
                    continue;
                }
                String why = check(page, target);
                if (why != null) {
                    broken.add(page + ":" + (i + 1) + ": " + target + " (" + why + ")");
                }
            }
        }
        return broken;
    }

    private static String check(Path page, String target) throws IOException {
        int hash = target.indexOf('#');
        String file = hash < 0 ? target : target.substring(0, hash);
        Path resolved = file.isEmpty() ? page : page.getParent().resolve(file).normalize();
        if (!Files.exists(resolved)) {
            return "no such file";
        }
        if (hash < 0) {
            return null;
        }
        if (!resolved.toString().endsWith(".md")) {
            return "an anchor into a file that is not Markdown";
        }
        return anchors(resolved).contains(target.substring(hash + 1)) ? null : "no such heading";
    }

    static Set<String> anchors(Path page) throws IOException {
        Set<String> anchors = new HashSet<>();
        boolean code = false;
        for (String line : Files.readAllLines(page)) {
            if (FENCE.matcher(line).find()) {
                code = !code;
            }
            Matcher heading = HEADING.matcher(line);
            if (!code && heading.matches()) {
                anchors.add(slug(heading.group(1)));
            }
        }
        return anchors;
    }

    static String slug(String heading) {
        return heading.strip()
                .toLowerCase(Locale.ROOT)
                .replaceAll("[^\\p{L}\\p{N}\\- _]", "")
                .replace(' ', '-');
    }
}
