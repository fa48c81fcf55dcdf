package io.github.ltxkit.bench.read;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Drives the machine's {@code sqlite3} shell (skipped where there is none), without the Litestream extension. */
class SqliteShellTest {
    private static final Path SQLITE3 = Path.of("/usr/bin/sqlite3");
    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    @BeforeAll
    static void needsTheShell() {
        Assumptions.assumeTrue(Files.isExecutable(SQLITE3), "no sqlite3 shell at " + SQLITE3);
    }

    @Test
    void anExchangeReturnsTheLinesPrintedBeforeItsMarkerAndItsTime() throws IOException {
        try (SqliteShell shell = SqliteShell.start(SQLITE3, null, Map.of(), TIMEOUT)) {
            SqliteShell.Exchange first = shell.exchange("select 1;\nselect 'a', 'b';", TIMEOUT);
            SqliteShell.Exchange second = shell.exchange("select 2;", TIMEOUT);

            assertThat(first.lines()).containsExactly("1", "a|b");
            assertThat(first.nanos()).isPositive();
            assertThat(second.single()).isEqualTo("2");
        }
    }

    @Test
    void theShellSeesTheGivenEnvironmentAndNoInheritedLitestreamVariables() throws IOException {
        try (SqliteShell shell = SqliteShell.start(SQLITE3, null, Map.of("BENCH_MARK", "x42"), TIMEOUT)) {
            String env = String.join("\n", shell.exchange(".system env", TIMEOUT).lines());

            assertThat(env).contains("BENCH_MARK=x42", "AWS_EC2_METADATA_DISABLED=true", "TMPDIR=")
                    .doesNotContain("AWS_ACCESS_KEY_ID=", "LITESTREAM_REPLICA_URL=");
        }
    }

    @Test
    void aFailingStatementEndsTheShellAndTheErrorSaysWhy() throws IOException {
        try (SqliteShell shell = SqliteShell.start(SQLITE3, null, Map.of(), TIMEOUT)) {
            assertThatThrownBy(() -> shell.exchange("select * from missing_table;", TIMEOUT))
                    .isInstanceOf(IOException.class)
                    .hasMessageContaining("sqlite3 exited running: select * from missing_table;")
                    .hasMessageContaining("no such table: missing_table");
        }
    }

    @Test
    void anExchangeThatOutlivesItsTimeoutFailsAndTheShellCanBeKilled() throws IOException {
        SqliteShell shell = SqliteShell.start(SQLITE3, null, Map.of(), TIMEOUT);
        try {
            assertThatThrownBy(() -> shell.exchange("with recursive n(i) as (select 1 union all select i + 1 from n"
                    + " where i < 2000000000) select count(*) from n;", Duration.ofMillis(200)))
                    .isInstanceOf(SqliteShell.ShellTimeoutException.class)
                    .hasMessageStartingWith("sqlite3 did not finish within 200 ms running: with recursive");
        } finally {
            shell.kill();
        }
    }
}
