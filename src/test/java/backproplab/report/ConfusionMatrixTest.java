package backproplab.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.Color;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Random;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The text table and the picture show the same counts, in the same order. */
class ConfusionMatrixTest {

    @TempDir
    Path dir;

    /** Parses the table of {@link ConfusionMatrix#text()}: row t, column p, as printed. */
    static int[][] parse(String text) {
        String[] lines = text.strip().split("\n");
        int n = lines.length - 1;
        int[][] counts = new int[n][n];
        for (int t = 0; t < n; t++) {
            String[] f = lines[t + 1].trim().split("\\s+");
            assertThat(Integer.parseInt(f[0])).as("row label").isEqualTo(t);
            for (int p = 0; p < n; p++) {
                counts[t][p] = Integer.parseInt(f[p + 1]);
            }
        }
        return counts;
    }

    @Test
    void theTableCountsEachPairOfTrueAndPredictedClass() {
        Random random = new Random(3);
        int n = 5000;
        byte[] truth = new byte[n];
        int[] predicted = new int[n];
        int[][] expected = new int[10][10];
        for (int i = 0; i < n; i++) {
            truth[i] = (byte) random.nextInt(10);
            predicted[i] = random.nextInt(4) == 0 ? random.nextInt(10) : truth[i];
            expected[truth[i]][predicted[i]]++;
        }
        ConfusionMatrix m = new ConfusionMatrix(10, truth, predicted);
        assertThat(parse(m.text())).isDeepEqualTo(expected);
        assertThat(m.text().lines()).allSatisfy(l -> assertThat(l).hasSizeLessThan(80));
        for (int t = 0; t < 10; t++) {
            for (int p = 0; p < 10; p++) {
                assertThat(m.count(t, p)).isEqualTo(expected[t][p]);
            }
        }
    }

    @Test
    void thePictureHasTrueZeroAtTheTopAndShowsEveryErrorInRed() throws IOException {
        // 100 digits per class, all right but for: 0 taken for 9 three times, 9 for 0 once.
        int n = 1000;
        byte[] truth = new byte[n];
        int[] predicted = new int[n];
        for (int i = 0; i < n; i++) {
            truth[i] = (byte) (i / 100);
            predicted[i] = truth[i];
        }
        predicted[0] = predicted[1] = predicted[2] = 9;
        predicted[999] = 0;
        ConfusionMatrix m = new ConfusionMatrix(10, truth, predicted);
        Path png = dir.resolve("confusion.png");
        m.writePng(png, "test");
        BufferedImage image = ImageIO.read(png.toFile());
        int[][] counts = parse(m.text());

        Color topRight = cell(image, 0, 9);
        Color bottomLeft = cell(image, 9, 0);
        assertThat(counts[0][9]).isEqualTo(3);
        assertThat(isRed(topRight)).as("true 0, predicted 9: top right").isTrue();
        assertThat(isRed(bottomLeft)).as("true 9, predicted 0: bottom left").isTrue();
        // Three mistakes in a row of 100 are darker than one.
        assertThat(topRight.getGreen()).isLessThan(bottomLeft.getGreen());
        for (int t = 0; t < 10; t++) {
            for (int p = 0; p < 10; p++) {
                Color c = cell(image, t, p);
                if (t == p) {
                    assertThat(c.getGreen()).as("diagonal %d", t)
                            .isGreaterThan(c.getRed()).isGreaterThan(c.getBlue());
                } else if (counts[t][p] == 0) {
                    assertThat(c).as("no errors at %d,%d", t, p).isEqualTo(Color.WHITE);
                }
            }
        }
    }

    /** The fill of cell (true t, predicted p), read near its top-left corner, clear of the label. */
    private static Color cell(BufferedImage image, int t, int p) {
        return new Color(image.getRGB(ConfusionMatrix.LEFT + p * ConfusionMatrix.CELL + 4,
                ConfusionMatrix.TOP + t * ConfusionMatrix.CELL + 4));
    }

    private static boolean isRed(Color c) {
        return c.getRed() > 200 && c.getGreen() < c.getRed() - 20 && c.getBlue() < c.getRed() - 20;
    }
}
