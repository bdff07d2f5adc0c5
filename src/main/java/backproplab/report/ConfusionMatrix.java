package backproplab.report;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.geom.AffineTransform;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Counts of (true class, predicted class). The text table and the PNG are both drawn from
 * {@link #count}, rows in the same order (true 0 first, at the top), so they cannot disagree.
 */
public final class ConfusionMatrix {

    /** Geometry of the PNG, in pixels: the grid's top-left corner and a cell's side. */
    static final int LEFT = 90;
    static final int TOP = 100;
    static final int CELL = 56;
    static final Color NO_ERRORS = Color.WHITE;

    private final int[][] counts;

    public ConfusionMatrix(int classes, byte[] truth, int[] predicted) {
        counts = new int[classes][classes];
        for (int i = 0; i < predicted.length; i++) {
            counts[truth[i]][predicted[i]]++;
        }
    }

    public int classes() {
        return counts.length;
    }

    /** How many digits of class {@code truth} were predicted as {@code predicted}. */
    public int count(int truth, int predicted) {
        return counts[truth][predicted];
    }

    private int rowTotal(int truth) {
        int total = 0;
        for (int p = 0; p < counts.length; p++) {
            total += counts[truth][p];
        }
        return total;
    }

    /** The fraction of class {@code c} predicted as {@code c}. */
    public double recall(int c) {
        int total = rowTotal(c);
        return total == 0 ? Double.NaN : (double) counts[c][c] / total;
    }

    /** The share of true class {@code truth}'s digits that were predicted as {@code predicted}. */
    double rowShare(int truth, int predicted) {
        int total = rowTotal(truth);
        return total == 0 ? 0 : (double) counts[truth][predicted] / total;
    }

    /** The table, rows true classes and columns predictions, 79 characters wide for ten. */
    public String text() {
        StringBuilder s = new StringBuilder("true\\pred");
        for (int p = 0; p < counts.length; p++) {
            s.append(String.format(Locale.ROOT, "%6d", p));
        }
        s.append("  accuracy\n");
        for (int t = 0; t < counts.length; t++) {
            s.append(String.format(Locale.ROOT, "%9d", t));
            for (int p = 0; p < counts.length; p++) {
                s.append(String.format(Locale.ROOT, "%6d", counts[t][p]));
            }
            s.append(String.format(Locale.ROOT,
                    "%10s%n", String.format(Locale.ROOT, "%.2f%%", 100 * recall(t))));
        }
        return s.toString();
    }

    /**
     * The largest off-diagonal row share: the errors get a colour scale of their own, because on
     * the diagonal's scale (about 99%) a 1% confusion would be as white as none.
     */
    private double largestErrorShare() {
        double largest = 0;
        for (int t = 0; t < counts.length; t++) {
            for (int p = 0; p < counts.length; p++) {
                if (t != p) {
                    largest = Math.max(largest, rowShare(t, p));
                }
            }
        }
        return largest;
    }

    /** A cell's fill: diagonal cells green by recall, errors red by share of the row. */
    Color cellColour(int truth, int predicted, double largestErrorShare) {
        double share = rowShare(truth, predicted);
        if (truth == predicted) {
            return blend(new Color(0xf0f7ec), new Color(0x7fc97f), share);
        }
        if (counts[truth][predicted] == 0) {
            return NO_ERRORS;
        }
        // A square root keeps a single mistake visible beside the largest confusion.
        return blend(new Color(0xfde0d2), new Color(0xd7301f),
                Math.sqrt(share / largestErrorShare));
    }

    private static Color blend(Color from, Color to, double t) {
        return new Color((int) Math.round(from.getRed() + t * (to.getRed() - from.getRed())),
                (int) Math.round(from.getGreen() + t * (to.getGreen() - from.getGreen())),
                (int) Math.round(from.getBlue() + t * (to.getBlue() - from.getBlue())));
    }

    /** The heat map: every cell labelled with its count, as in {@link #text()}. */
    public void writePng(Path file, String title) throws IOException {
        int n = counts.length;
        int gridRight = LEFT + n * CELL;
        int width = gridRight + 120;
        int height = TOP + n * CELL + 90;
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = Canvas.white(image);
        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 16));
        Canvas.centre(g, title, width / 2, 28);
        Font axisFont = new Font(Font.SANS_SERIF, Font.BOLD, 15);
        Font tickFont = new Font(Font.SANS_SERIF, Font.PLAIN, 14);
        g.setFont(axisFont);
        Canvas.centre(g, "predicted", LEFT + n * CELL / 2, TOP - 40);
        AffineTransform straight = g.getTransform();
        g.rotate(-Math.PI / 2);
        Canvas.centre(g, "true", -(TOP + n * CELL / 2), LEFT - 48);
        g.setTransform(straight);

        double largestError = largestErrorShare();
        g.setFont(tickFont);
        for (int k = 0; k < n; k++) {
            g.setColor(Color.BLACK);
            Canvas.centre(g, Integer.toString(k), LEFT + k * CELL + CELL / 2, TOP - 10);
            Canvas.centre(g, Integer.toString(k), LEFT - 18, TOP + k * CELL + CELL / 2 + 5);
        }
        Font countFont = new Font(Font.SANS_SERIF, Font.PLAIN, 15);
        for (int t = 0; t < n; t++) {
            for (int p = 0; p < n; p++) {
                int x = LEFT + p * CELL;
                int y = TOP + t * CELL;
                g.setColor(cellColour(t, p, largestError));
                g.fillRect(x, y, CELL, CELL);
                g.setColor(counts[t][p] == 0 ? new Color(0xbbbbbb) : Color.BLACK);
                g.setFont(t == p ? countFont.deriveFont(Font.BOLD) : countFont);
                Canvas.centre(g, Integer.toString(counts[t][p]), x + CELL / 2, y + CELL / 2 + 5);
            }
            g.setColor(Color.DARK_GRAY);
            g.setFont(tickFont);
            g.drawString(String.format(Locale.ROOT, "%.2f%%", 100 * recall(t)), gridRight + 10,
                    TOP + t * CELL + CELL / 2 + 5);
        }
        g.setColor(new Color(0x999999));
        g.setStroke(new BasicStroke(1f));
        for (int k = 0; k <= n; k++) {
            g.drawLine(LEFT + k * CELL, TOP, LEFT + k * CELL, TOP + n * CELL);
            g.drawLine(LEFT, TOP + k * CELL, gridRight, TOP + k * CELL);
        }
        g.setColor(Color.DARK_GRAY);
        g.setFont(tickFont);
        Canvas.centre(g, "accuracy", gridRight + 50, TOP - 10);
        g.drawString("Numbers are counts of test digits. Green: correct, by the row's accuracy.",
                LEFT - 60, TOP + n * CELL + 32);
        g.drawString(String.format(Locale.ROOT,
                "Red: mistakes, by share of the row (darkest: %.1f%% of a"
                + " digit's images).", 100 * largestError), LEFT - 60, TOP + n * CELL + 54);
        g.dispose();
        Canvas.writePng(file, image);
    }
}
