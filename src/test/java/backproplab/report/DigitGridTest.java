package backproplab.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DigitGridTest {

    @TempDir
    Path dir;

    @Test
    void longCaptionsStandApartWithWhiteSpaceBetweenThem() throws IOException {
        byte[] empty = new byte[28 * 28];
        List<DigitGrid.Tile> tiles = new ArrayList<>();
        for (int k = 0; k < 10; k++) {
            tiles.add(new DigitGrid.Tile(empty, 0, "#" + (9990 + k) + " 7\u21921 99.9%"));
        }
        Path png = dir.resolve("grid.png");
        DigitGrid.writePng(png, "t", tiles);
        BufferedImage image = ImageIO.read(png.toFile());
        // Columns of the picture holding caption ink, grouped into runs split by at least 12 blank
        // columns (wider than a space between words): one run per caption unless two touch.
        int runs = 0;
        int blank = image.getWidth();
        for (int x = 0; x < image.getWidth(); x++) {
            boolean ink = false;
            for (int y = 40; y < image.getHeight(); y++) {
                int rgb = image.getRGB(x, y);
                ink |= ((rgb >> 16) & 0xff) - (rgb & 0xff) > 40;
            }
            if (ink && blank >= 12) {
                runs++;
            }
            blank = ink ? 0 : blank + 1;
        }
        assertThat(runs).isEqualTo(10);
    }
}
