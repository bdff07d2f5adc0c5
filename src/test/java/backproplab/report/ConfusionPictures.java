package backproplab.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.Color;
import java.awt.image.BufferedImage;

/** Reads a confusion matrix back: from its text table, and cell by cell from its picture. */
public final class ConfusionPictures {

    private ConfusionPictures() {}

    /** The counts of the table in {@code confusion.txt}: row t, column p, as printed. */
    public static int[][] parse(String table) {
        String[] lines = table.strip().split("\n");
        int header = 0;
        while (!lines[header].startsWith("true")) {
            header++;
        }
        int n = lines.length - header - 1;
        int[][] counts = new int[n][n];
        for (int t = 0; t < n; t++) {
            String[] f = lines[header + 1 + t].trim().split("\\s+");
            assertThat(Integer.parseInt(f[0])).as("row label").isEqualTo(t);
            for (int p = 0; p < n; p++) {
                counts[t][p] = Integer.parseInt(f[p + 1]);
            }
        }
        return counts;
    }

    /**
     * The fill of cell (true t, predicted p), read near its top-left corner, clear of the label.
     */
    public static Color cell(BufferedImage image, int t, int p) {
        return new Color(image.getRGB(ConfusionMatrix.LEFT + p * ConfusionMatrix.CELL + 4,
                ConfusionMatrix.TOP + t * ConfusionMatrix.CELL + 4));
    }

    public static boolean isRed(Color c) {
        return c.getRed() > 200 && c.getGreen() < c.getRed() - 20 && c.getBlue() < c.getRed() - 20;
    }

    public static boolean isGreen(Color c) {
        return c.getGreen() > c.getRed() && c.getGreen() > c.getBlue();
    }
}
