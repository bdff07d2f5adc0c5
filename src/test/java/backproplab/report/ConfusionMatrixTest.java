package backproplab.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.Color;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Random;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The text table and the picture show the same counts, in the same order. */
@Tag("locale")
class ConfusionMatrixTest {

    @TempDir
    Path dir;

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
        assertThat(ConfusionPictures.parse(m.text())).isDeepEqualTo(expected);
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
        int[][] counts = ConfusionPictures.parse(m.text());

        Color topRight = ConfusionPictures.cell(image, 0, 9);
        Color bottomLeft = ConfusionPictures.cell(image, 9, 0);
        assertThat(counts[0][9]).isEqualTo(3);
        assertThat(ConfusionPictures.isRed(topRight)).as("true 0, predicted 9: top right")
                .isTrue();
        assertThat(ConfusionPictures.isRed(bottomLeft)).as("true 9, predicted 0: bottom left")
                .isTrue();
        // Three mistakes in a row of 100 are darker than one.
        assertThat(topRight.getGreen()).isLessThan(bottomLeft.getGreen());
        for (int t = 0; t < 10; t++) {
            for (int p = 0; p < 10; p++) {
                Color c = ConfusionPictures.cell(image, t, p);
                if (t == p) {
                    assertThat(ConfusionPictures.isGreen(c)).as("diagonal %d", t).isTrue();
                } else if (counts[t][p] == 0) {
                    assertThat(c).as("no errors at %d,%d", t, p).isEqualTo(Color.WHITE);
                }
            }
        }
    }
}
