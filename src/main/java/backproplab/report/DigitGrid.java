package backproplab.report;

import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/** A PNG grid of 28x28 digits, each captioned (e.g. "#1234 7→1 98%") beneath it. */
public final class DigitGrid {

    private static final int SCALE = 3;
    private static final int DIGIT = 28 * SCALE;
    private static final int GAP = 8;
    /** Extra room beside the widest caption: captions are kept well apart from their neighbours. */
    private static final int CAPTION_MARGIN = 10;
    private static final int COLUMNS = 10;
    private static final Font TITLE = new Font(Font.SANS_SERIF, Font.BOLD, 15);
    private static final Font CAPTION = new Font(Font.SANS_SERIF, Font.PLAIN, 13);

    private DigitGrid() {}

    /** One digit: its 784 pixels (0..255) and its caption. */
    public record Tile(byte[] pixels, int offset, String caption) {}

    /** The size of one tile: wide enough for the widest caption, measured in the caption font. */
    record Layout(int tileWidth, int captionHeight, int captionAscent) {
        static Layout of(FontMetrics captions, List<Tile> tiles) {
            int widest = tiles.stream().mapToInt(t -> captions.stringWidth(t.caption())).max()
                    .orElse(0);
            return new Layout(Math.max(DIGIT, widest + CAPTION_MARGIN), captions.getHeight(),
                    captions.getAscent());
        }
    }

    public static void writePng(Path file, String title, List<Tile> tiles) throws IOException {
        writePng(file, title, tiles, COLUMNS);
    }

    /** As {@link #writePng(Path, String, List)}, {@code columns} tiles to a row. */
    public static void writePng(Path file, String title, List<Tile> tiles, int columns)
            throws IOException {
        Canvas.writePng(file, image(title, tiles, columns));
    }

    /** The grid as a picture, {@code columns} tiles to a row (fewer if there are fewer tiles). */
    public static BufferedImage image(String title, List<Tile> tiles, int columns) {
        Graphics2D measure = new BufferedImage(1, 1, BufferedImage.TYPE_INT_RGB).createGraphics();
        Layout layout = Layout.of(measure.getFontMetrics(CAPTION), tiles);
        int titleWidth = measure.getFontMetrics(TITLE).stringWidth(title);
        measure.dispose();
        int across = Math.max(1, Math.min(columns, tiles.size()));
        int rows = Math.max(1, (tiles.size() + across - 1) / across);
        int top = 34;
        int pitchX = layout.tileWidth() + GAP;
        int pitchY = DIGIT + layout.captionHeight() + GAP;
        BufferedImage image = new BufferedImage(Math.max(across * pitchX + GAP, titleWidth + 16),
                top + rows * pitchY, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = Canvas.white(image);
        g.setFont(TITLE);
        g.drawString(title, 8, 22);
        g.setFont(CAPTION);
        for (int k = 0; k < tiles.size(); k++) {
            Tile t = tiles.get(k);
            int left = GAP + (k % across) * pitchX;
            int y0 = top + (k / across) * pitchY;
            int x0 = left + (layout.tileWidth() - DIGIT) / 2;
            for (int y = 0; y < 28; y++) {
                for (int x = 0; x < 28; x++) {
                    int v = 255 - (t.pixels()[t.offset() + y * 28 + x] & 0xff);
                    g.setColor(new Color(v, v, v));
                    g.fillRect(x0 + x * SCALE, y0 + y * SCALE, SCALE, SCALE);
                }
            }
            g.setColor(new Color(0xb00000));
            Canvas.centre(g, t.caption(), left + layout.tileWidth() / 2,
                    y0 + DIGIT + layout.captionAscent());
        }
        g.dispose();
        return image;
    }
}
