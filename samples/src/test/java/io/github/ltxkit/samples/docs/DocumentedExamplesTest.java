package io.github.ltxkit.samples.docs;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Keeps the test examples printed in the README and the getting-started guide identical to the tests in this package,
 * which compile and run with the samples: every Java block of those pages that declares a {@code @Test} must appear,
 * up to whitespace, in one of this package's sources, and every SQL block in a fixture under {@code db/}.
 */
class DocumentedExamplesTest {
    private static final Path PROJECT = Path.of("..").toAbsolutePath().normalize();
    private static final Path EXAMPLES = Path.of("src/test/java/io/github/ltxkit/samples/docs");
    private static final Path FIXTURES = Path.of("src/test/resources/db");
    private static final Pattern BLOCK = Pattern.compile("```(java|sql)\\n(.*?)```", Pattern.DOTALL);

    @ParameterizedTest
    @ValueSource(strings = {"README.md", "docs/getting-started.md"})
    void everyTestPrintedOnThePageIsATestOfTheSamples(String page) throws IOException {
        List<String> tests = blocks(page, "java").stream().filter(b -> b.contains("@Test")).toList();
        assertThat(tests).as("test examples in %s", page).isNotEmpty();
        List<String> sources = sourcesUnder(EXAMPLES, ".java");
        for (String test : tests) {
            assertThat(sources)
                    .as("a source under samples/%s holding this example of %s:%n%s", EXAMPLES, page, test)
                    .anyMatch(source -> normalized(source).contains(normalized(test)));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"docs/getting-started.md"})
    void everyFixturePrintedOnThePageIsAFixtureOfTheSamples(String page) throws IOException {
        List<String> fixtures = blocks(page, "sql");
        assertThat(fixtures).as("SQL examples in %s", page).isNotEmpty();
        List<String> sources = sourcesUnder(FIXTURES, ".sql");
        for (String fixture : fixtures) {
            assertThat(sources)
                    .as("a fixture under samples/%s holding this example of %s:%n%s", FIXTURES, page, fixture)
                    .anyMatch(source -> normalized(source).equals(normalized(fixture)));
        }
    }

    private static List<String> blocks(String page, String language) throws IOException {
        Matcher matcher = BLOCK.matcher(Files.readString(PROJECT.resolve(page)));
        List<String> blocks = new ArrayList<>();
        while (matcher.find()) {
            if (matcher.group(1).equals(language)) {
                blocks.add(matcher.group(2));
            }
        }
        return blocks;
    }

    private static List<String> sourcesUnder(Path directory, String suffix) throws IOException {
        try (Stream<Path> files = Files.walk(directory)) {
            return files.filter(f -> f.toString().endsWith(suffix)).map(DocumentedExamplesTest::read).toList();
        }
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String normalized(String code) {
        return code.replaceAll("\\s+", " ").strip();
    }
}
