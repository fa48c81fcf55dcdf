package io.github.ltxkit.bench;

import javax.imageio.ImageIO;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Draws figures as a PNG with Java2D: one horizontal bar per figure up to its median, with a whisker from its
 * minimum to its maximum, and one panel (with its own scale) per unit. Needs no display (headless). Stateless.
 */
final class BarChart {
    private static final int WIDTH = 1000;
    private static final int MARGIN = 16;
    private static final int LABEL_WIDTH = 300;
    private static final int VALUE_WIDTH = 190;
    private static final int TITLE_HEIGHT = 44;
    private static final int PANEL_HEAD = 28;
    private static final int ROW = 30;
    private static final int AXIS_HEIGHT = 40;
    private static final Color BAR = new Color(0x4C, 0x78, 0xA8);
    private static final Color INK = new Color(0x22, 0x22, 0x22);
    private static final Color MUTED = new Color(0x66, 0x66, 0x66);
    private static final Color GRID = new Color(0xE2, 0xE2, 0xE2);
    private static final Font TITLE_FONT = new Font(Font.SANS_SERIF, Font.BOLD, 16);
    private static final Font TEXT_FONT = new Font(Font.SANS_SERIF, Font.PLAIN, 13);
    private static final Font SMALL_FONT = new Font(Font.SANS_SERIF, Font.PLAIN, 11);

    private BarChart() {
    }

    /** Draws {@code figures} under {@code title} into {@code png}, replacing it. */
    static void write(String title, List<Measurement> figures, Path png) throws IOException {
        if (figures.isEmpty()) {
            throw new IllegalArgumentException("nothing to chart for " + title);
        }
        Map<String, List<Measurement>> panels = new LinkedHashMap<>();
        for (Measurement m : figures) {
            panels.computeIfAbsent(m.unit(), u -> new java.util.ArrayList<>()).add(m);
        }
        int height = TITLE_HEIGHT + MARGIN;
        for (List<Measurement> panel : panels.values()) {
            height += PANEL_HEAD + panel.size() * ROW + AXIS_HEIGHT;
        }
        BufferedImage image = new BufferedImage(WIDTH, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, WIDTH, height);
            g.setColor(INK);
            g.setFont(TITLE_FONT);
            g.drawString(title, MARGIN, 28);
            int y = TITLE_HEIGHT;
            for (Map.Entry<String, List<Measurement>> panel : panels.entrySet()) {
                y = drawPanel(g, panel.getKey(), panel.getValue(), y);
            }
        } finally {
            g.dispose();
        }
        Files.createDirectories(png.toAbsolutePath().getParent());
        Path tmp = png.resolveSibling(png.getFileName() + ".tmp");
        if (!ImageIO.write(image, "png", tmp.toFile())) {
            throw new IOException("no PNG writer in this JDK to write " + png);
        }
        Files.move(tmp, png, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    /** Draws one unit's panel starting at {@code top} and returns where the next panel starts. */
    private static int drawPanel(Graphics2D g, String unit, List<Measurement> figures, int top) {
        int x0 = MARGIN + LABEL_WIDTH;
        int x1 = WIDTH - MARGIN - VALUE_WIDTH;
        double dataMax = figures.stream().mapToDouble(Measurement::max).max().orElse(0);
        double step = niceStep(dataMax / 5);
        double scaleMax = Math.max(step, Math.ceil(dataMax / step) * step);
        int rowsTop = top + PANEL_HEAD;
        int rowsBottom = rowsTop + figures.size() * ROW;

        g.setFont(TEXT_FONT);
        g.setColor(MUTED);
        g.drawString(unit + "  (bar: median; whisker: min–max)", MARGIN, top + 19);

        g.setFont(SMALL_FONT);
        FontMetrics small = g.getFontMetrics();
        for (double tick = 0; tick <= scaleMax + step / 2; tick += step) {
            int x = x(tick, scaleMax, x0, x1);
            g.setColor(GRID);
            g.drawLine(x, rowsTop, x, rowsBottom);
            g.setColor(MUTED);
            String text = tickLabel(tick);
            g.drawString(text, x - small.stringWidth(text) / 2, rowsBottom + 16);
        }
        g.setColor(INK);
        g.drawLine(x0, rowsBottom, x1, rowsBottom);

        g.setFont(TEXT_FONT);
        FontMetrics text = g.getFontMetrics();
        for (int i = 0; i < figures.size(); i++) {
            Measurement m = figures.get(i);
            int mid = rowsTop + i * ROW + ROW / 2;
            String label = fit(m.label(), LABEL_WIDTH - 12, text);
            g.setColor(INK);
            g.drawString(label, x0 - 10 - text.stringWidth(label), mid + 5);
            g.setColor(BAR);
            int barEnd = x(m.median(), scaleMax, x0, x1);
            g.fillRect(x0, mid - 9, Math.max(1, barEnd - x0), 18);
            int lo = x(m.min(), scaleMax, x0, x1);
            int hi = x(m.max(), scaleMax, x0, x1);
            g.setColor(INK);
            g.setStroke(new BasicStroke(1.6f));
            g.drawLine(lo, mid, hi, mid);
            g.drawLine(lo, mid - 6, lo, mid + 6);
            g.drawLine(hi, mid - 6, hi, mid + 6);
            g.setStroke(new BasicStroke(1f));
            g.drawString(Figures.compact(m.median()) + "  (" + Figures.compact(m.min()) + "–"
                    + Figures.compact(m.max()) + ")", x1 + 12, mid + 5);
        }
        return rowsBottom + AXIS_HEIGHT;
    }

    private static int x(double value, double scaleMax, int x0, int x1) {
        return x0 + (int) Math.round(value / scaleMax * (x1 - x0));
    }

    /** Returns the smallest of 1, 2, 2.5 and 5 times a power of ten that is at least {@code raw}. */
    static double niceStep(double raw) {
        if (!(raw > 0)) {
            return 1;
        }
        double power = Math.pow(10, Math.floor(Math.log10(raw)));
        for (double f : new double[] {1, 2, 2.5, 5, 10}) {
            if (f * power >= raw * (1 - 1e-9)) {
                return f * power;
            }
        }
        return 10 * power;
    }

    /** Returns a scale label without trailing zeros: "1.5M", "0.2", "2". */
    static String tickLabel(double tick) {
        return Figures.compact(tick).replaceAll("(\\.\\d*?)0+(?=[^\\d.]*$)", "$1").replaceAll("\\.(?=[^\\d.]*$)", "");
    }

    private static String fit(String s, int width, FontMetrics metrics) {
        if (metrics.stringWidth(s) <= width) {
            return s;
        }
        String cut = s;
        while (!cut.isEmpty() && metrics.stringWidth(cut + "…") > width) {
            cut = cut.substring(0, cut.length() - 1);
        }
        return cut + "…";
    }
}
