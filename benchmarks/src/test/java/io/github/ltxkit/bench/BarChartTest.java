package io.github.ltxkit.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BarChartTest {
    @TempDir
    Path dir;

    @BeforeAll
    static void headless() {
        System.setProperty("java.awt.headless", "true");
    }

    @Test
    void scaleStepsAreOneTwoTwoAndAHalfOrFiveTimesAPowerOfTen() {
        assertThat(BarChart.niceStep(0.7)).isEqualTo(1.0);
        assertThat(BarChart.niceStep(130)).isEqualTo(200.0);
        assertThat(BarChart.niceStep(2_100)).isEqualTo(2_500.0);
        assertThat(BarChart.niceStep(4_000)).isEqualTo(5_000.0);
        assertThat(BarChart.niceStep(0)).isEqualTo(1.0);
    }

    @Test
    void scaleLabelsDropTrailingZeros() {
        assertThat(BarChart.tickLabel(1_500_000)).isEqualTo("1.5M");
        assertThat(BarChart.tickLabel(0.2)).isEqualTo("0.2");
        assertThat(BarChart.tickLabel(2)).isEqualTo("2");
        assertThat(BarChart.tickLabel(1_000)).isEqualTo("1,000");
        assertThat(BarChart.tickLabel(250_000)).isEqualTo("250k");
        assertThat(BarChart.tickLabel(0)).isEqualTo("0");
    }

    @Test
    void eachUnitGetsItsOwnPanelAndEachFigureItsOwnRow() throws Exception {
        Measurement encode = new Measurement("encode", "MB/s", List.of(100.0, 120.0));
        Measurement decode = new Measurement("decode", "MB/s", List.of(300.0, 310.0));
        Measurement read = new Measurement("read", "ms", List.of(0.5, 0.7));

        BarChart.write("one unit", List.of(encode), dir.resolve("a.png"));
        BarChart.write("one unit, two rows", List.of(encode, decode), dir.resolve("b.png"));
        BarChart.write("two units", List.of(encode, read), dir.resolve("c.png"));

        BufferedImage a = ImageIO.read(dir.resolve("a.png").toFile());
        BufferedImage b = ImageIO.read(dir.resolve("b.png").toFile());
        BufferedImage c = ImageIO.read(dir.resolve("c.png").toFile());
        assertThat(b.getHeight()).isGreaterThan(a.getHeight());
        assertThat(c.getHeight()).isGreaterThan(b.getHeight());
        assertThat(a.getWidth()).isEqualTo(1000);
    }

    @Test
    void theBarReachesTheMedianOnTheScale() throws Exception {
        // The maximum 200 gives a scale of 0..200 in steps of 50: a median of 150 ends 75% of the way across.
        Measurement m = new Measurement("x", "MB/s", List.of(150.0, 150.0, 200.0));
        BarChart.write("bar", List.of(m), dir.resolve("bar.png"));
        BufferedImage image = ImageIO.read(dir.resolve("bar.png").toFile());

        int y = 44 + 28 + 15;
        int x0 = 16 + 300;
        int x1 = 1000 - 16 - 190;
        int end = x0 + (int) Math.round(0.75 * (x1 - x0));
        assertThat(image.getRGB(end - 3, y - 6) & 0xffffff).isEqualTo(0x4C78A8);
        assertThat(image.getRGB(end + 3, y - 6) & 0xffffff).isNotEqualTo(0x4C78A8);
    }
}
