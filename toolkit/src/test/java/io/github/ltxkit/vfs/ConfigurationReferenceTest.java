package io.github.ltxkit.vfs;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** docs/configuration.md lists exactly the parameters the code knows, with their variables and defaults. */
class ConfigurationReferenceTest {
    private static final Path PAGE = Path.of("..", "docs", "configuration.md");

    private static List<String> parameterRows() throws Exception {
        String text = Files.readString(PAGE);
        String section = text.substring(text.indexOf("## Database parameters"), text.indexOf("### Time travel"));
        return section.lines().filter(l -> l.startsWith("| `")).toList();
    }

    @Test
    void everyParameterHasARowWithItsEnvironmentVariableAndDefault() throws Exception {
        List<String> rows = parameterRows();
        for (ConfigParameter p : ConfigParameter.values()) {
            assertThat(rows).as("the row of %s", p.uriName())
                    .anySatisfy(row -> assertThat(row).startsWith("| `" + p.uriName() + "` | `"
                            + p.environmentVariable() + "` |").contains(
                            p.defaultValue().isEmpty() ? "(required)" : p.defaultValue()));
        }
    }

    @Test
    void thePageListsNoParameterTheCodeDoesNotKnow() throws Exception {
        List<String> known = Arrays.stream(ConfigParameter.values()).map(ConfigParameter::uriName).toList();
        assertThat(parameterRows()).extracting(row -> row.substring(3, row.indexOf('`', 3)))
                .containsExactlyElementsOf(known);
    }
}
