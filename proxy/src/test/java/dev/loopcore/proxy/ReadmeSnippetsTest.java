package dev.loopcore.proxy;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.*;

/**
 * Every Java snippet of README.md is a compiled, run test (issue 17.4): each paragraph of each
 * {@code ```java} block (lines between blank lines) must occur, whitespace aside, in a test source of
 * loop-core or proxy. The tests that hold them ({@link ReadmeTourTest}, {@link ReadmeApiTest},
 * {@code SimulationTest}) run the snippet and check what it does; this test keeps the README from
 * drifting away from them.
 */
class ReadmeSnippetsTest {

    private static Path root() {
        Path here = Path.of("").toAbsolutePath();
        return Files.exists(here.resolve("README.md")) ? here : here.getParent(); // surefire runs in proxy/
    }

    static List<List<String>> paragraphs(List<String> readme) {
        List<List<String>> out = new ArrayList<>();
        List<String> current = null;
        boolean inJava = false;
        for (String line : readme) {
            if (!inJava) {
                if (line.trim().equals("```java")) {
                    inJava = true;
                    current = new ArrayList<>();
                }
                continue;
            }
            if (line.trim().startsWith("```") || line.isBlank()) {
                if (!current.isEmpty()) out.add(current);
                current = new ArrayList<>();
                if (line.trim().startsWith("```")) inJava = false;
            } else {
                current.add(line);
            }
        }
        return out;
    }

    private static String squeeze(String s) {
        return s.replaceAll("\\s+", "");
    }

    @Test
    void everyParagraphOfEveryJavaSnippetIsInATest() throws IOException {
        Path root = root();
        List<List<String>> snippets = paragraphs(Files.readAllLines(root.resolve("README.md")));
        assertTrue(snippets.size() >= 8, "README.md has fewer Java paragraphs than expected: " + snippets.size());
        List<String> tests = new ArrayList<>();
        for (String module : List.of("loop-core", "proxy")) {
            try (Stream<Path> files = Files.walk(root.resolve(module).resolve("src/test/java"))) {
                for (Path f : files.filter(p -> p.toString().endsWith(".java")).collect(Collectors.toList())) {
                    tests.add(squeeze(Files.readString(f)));
                }
            }
        }
        List<String> missing = new ArrayList<>();
        for (List<String> paragraph : snippets) {
            String code = squeeze(String.join("\n", paragraph));
            if (tests.stream().noneMatch(t -> t.contains(code))) missing.add(String.join("\n", paragraph));
        }
        assertEquals(List.of(), missing, "README paragraphs that no test contains (whitespace aside)");
    }

    @Test
    void theCheckerSeesAParagraphThatIsInNoTest() {
        List<List<String>> p = paragraphs(List.of("text", "```java", "a();", "", "b();", "c();", "```", "```sh", "x", "```"));
        assertEquals(List.of(List.of("a();"), List.of("b();", "c();")), p);
    }
}
