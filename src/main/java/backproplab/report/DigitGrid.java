package backproplab.report;

import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;

/** A PNG grid of 28x28 digits, each captioned (e.g. "7 → 1": true label, prediction). */
public final class DigitGrid {

    private static final int SCALE = 3;
    private static final int CELL = 28 * SCALE;
    private static final int CAPTION = 18;
    private static final int COLUMNS = 10;

    private DigitGrid() {}

    /** One digit: its 784 pixels (0..255) and its caption. */
    public record Tile(byte[] pixels, int offset, String caption) {}

    public static void writePng(Path file, String title, List<Tile> tiles) throws IOException {
        int rows = Math.max(1, (tiles.size() + COLUMNS - 1) / COLUMNS);
        int top = 30;
        BufferedImage image = new BufferedImage(COLUMNS * (CELL + 6) + 6,
                top + rows * (CELL + CAPTION + 6), BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING,
                RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, image.getWidth(), image.getHeight());
        g.setColor(Color.BLACK);
        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 15));
        g.drawString(title, 8, 20);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 13));
        for (int k = 0; k < tiles.size(); k++) {
            Tile t = tiles.get(k);
            int x0 = 6 + (k % COLUMNS) * (CELL + 6);
            int y0 = top + (k / COLUMNS) * (CELL + CAPTION + 6);
            for (int y = 0; y < 28; y++) {
                for (int x = 0; x < 28; x++) {
                    int v = 255 - (t.pixels()[t.offset() + y * 28 + x] & 0xff);
                    g.setColor(new Color(v, v, v));
                    g.fillRect(x0 + x * SCALE, y0 + y * SCALE, SCALE, SCALE);
                }
            }
            g.setColor(new Color(0xb00000));
            g.drawString(t.caption(), x0 + 2, y0 + CELL + CAPTION - 4);
        }
        g.dispose();
        AtomicFiles.write(file, out -> ImageIO.write(image, "png", out));
    }
}
