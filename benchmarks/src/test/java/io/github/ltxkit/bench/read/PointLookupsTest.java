package io.github.ltxkit.bench.read;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.ltxkit.bench.codec.SampleDatabases;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PointLookupsTest {
    @TempDir
    static Path dir;
    static Path database;

    @BeforeAll
    static void sample() throws Exception {
        database = SampleDatabases.obtain(dir, 1L << 20);
    }

    @Test
    void drawnIdsAreDistinctOrdersOfTheTable() throws Exception {
        PointLookups lookups = PointLookups.draw(database, 300, 1);

        long[] ids = lookups.ids();
        assertThat(ids).hasSize(300).doesNotHaveDuplicates();
        assertThat(Arrays.stream(ids).min().orElseThrow()).isGreaterThanOrEqualTo(1);
        assertThat(Arrays.stream(ids).max().orElseThrow()).isLessThanOrEqualTo(lookups.orders());
        assertThat(PointLookups.draw(database, 300, 1).ids()).isEqualTo(ids);
    }

    @Test
    void aShuffledPassHoldsTheSameIdsInAnotherOrder() throws Exception {
        PointLookups lookups = PointLookups.draw(database, 100, 2);

        long[] shuffled = lookups.shuffled(5);

        assertThat(shuffled).containsExactlyInAnyOrder(lookups.ids()).isNotEqualTo(lookups.ids());
        assertThat(lookups.shuffled(5)).isEqualTo(shuffled);
    }

    @Test
    void rowsAreCheckedAgainstTheLocalFile() throws Exception {
        PointLookups lookups = PointLookups.draw(database, 10, 3);
        long id = lookups.ids()[0];
        String row;
        try (Connection c = DriverManager.getConnection(PointLookups.localUrl(database));
             PreparedStatement ps = c.prepareStatement(PointLookups.SQL)) {
            row = PointLookups.lookup(ps, id);
            assertThat(lookups.medianMicros(ps, lookups.ids(), "local")).isPositive();
        }

        assertThat(row).startsWith(id + "|").matches("\\d+\\|\\d+\\|\\d+\\|[a-z]+\\|\\d+");
        lookups.check(id, row, "local");
        assertThatThrownBy(() -> lookups.check(id, row + "0", "ltxkit"))
                .hasMessage("ltxkit: order " + id + " is \"" + row + "0\", want \"" + row + "\"");
    }

    @Test
    void shellStatementsLookUpEachIdInOrderAndTheirOutputIsChecked() throws Exception {
        PointLookups lookups = PointLookups.draw(database, 2, 4);
        long[] ids = lookups.ids();

        assertThat(PointLookups.shellStatements(ids)).isEqualTo(
                PointLookups.SQL.replace("?", Long.toString(ids[0])) + ";\n"
                        + PointLookups.SQL.replace("?", Long.toString(ids[1])) + ";\n");
        assertThatThrownBy(() -> lookups.checkShellOutput(ids, List.of("x"), "Litestream"))
                .hasMessage("Litestream: 2 lookups printed 1 rows");
    }
}
